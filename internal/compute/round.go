package compute

import (
	"math/big"
	"strings"

	"github.com/briefing/briefing/internal/model"
	"github.com/briefing/briefing/internal/number"
)

var ten = big.NewInt(10)

func pow10(d int) *big.Int { return new(big.Int).Exp(ten, big.NewInt(int64(d)), nil) }

// Round returns x rounded to d decimals under rule. The arithmetic is exact
// (x is a rational number, not a float), so 2.675 rounds half away from
// zero to 2.68 as a spreadsheet shows it, not to 2.67 as float64 would.
func Round(x *big.Rat, d int, rule model.Rounding) *big.Rat {
	scale := pow10(d)
	y := new(big.Rat).Mul(x, new(big.Rat).SetInt(scale))
	num, den := y.Num(), y.Denom() // den > 0
	q, m := new(big.Int).QuoRem(num, den, new(big.Int))
	if m.Sign() != 0 {
		sign := int64(num.Sign())
		away := false
		switch rule {
		case model.TowardsZero:
		case model.AwayFromZero:
			away = true
		case model.Ceiling:
			away = sign > 0
		case model.Floor:
			away = sign < 0
		case model.HalfEven:
			switch c := new(big.Int).Mul(new(big.Int).Abs(m), big.NewInt(2)).Cmp(den); {
			case c > 0:
				away = true
			case c == 0:
				away = q.Bit(0) == 1
			}
		default: // HalfAwayFromZero
			away = new(big.Int).Mul(new(big.Int).Abs(m), big.NewInt(2)).Cmp(den) >= 0
		}
		if away {
			q.Add(q, big.NewInt(sign))
		}
	}
	return new(big.Rat).SetFrac(q, scale)
}

// Format writes x, already rounded to d decimals, with d decimals and
// thousands separators, and a true minus sign (U+2212) when negative:
// 13231 → "13,231", -0.7 → "−0.7".
func Format(x *big.Rat, d int) string {
	n := new(big.Int).Mul(x.Num(), pow10(d))
	n.Quo(n, x.Denom())
	neg := n.Sign() < 0
	digits := new(big.Int).Abs(n).String()
	if len(digits) <= d {
		digits = strings.Repeat("0", d-len(digits)+1) + digits
	}
	plain := digits[:len(digits)-d]
	if d > 0 {
		plain += "." + digits[len(digits)-d:]
	}
	return number.Grouped(plain, neg)
}
