package compute

import (
	"math/big"
	"testing"

	"github.com/briefing/briefing/internal/model"
)

func rat(s string) *big.Rat {
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		panic(s)
	}
	return r
}

func TestRound(t *testing.T) {
	all := []model.Rounding{model.HalfAwayFromZero, model.HalfEven, model.Ceiling, model.Floor, model.TowardsZero, model.AwayFromZero}
	tests := []struct {
		x    string
		d    int
		want [6]string // in the order of all
	}{
		{"2.675", 2, [6]string{"2.68", "2.68", "2.68", "2.67", "2.67", "2.68"}},
		{"12.5", 0, [6]string{"13", "12", "13", "12", "12", "13"}},
		{"13.5", 0, [6]string{"14", "14", "14", "13", "13", "14"}},
		{"-12.5", 0, [6]string{"-13", "-12", "-12", "-13", "-12", "-13"}},
		{"-2.675", 2, [6]string{"-2.68", "-2.68", "-2.67", "-2.68", "-2.67", "-2.68"}},
		{"0.05", 1, [6]string{"0.1", "0", "0.1", "0", "0", "0.1"}},
		{"2", 1, [6]string{"2", "2", "2", "2", "2", "2"}},                             // exact: unchanged
		{"70.63492063", 1, [6]string{"70.6", "70.6", "70.7", "70.6", "70.6", "70.7"}}, // Sandwell burglary
		{"-0.76726343", 1, [6]string{"-0.8", "-0.8", "-0.7", "-0.8", "-0.7", "-0.8"}}, // Dudley robbery
		{"0.0000001", 3, [6]string{"0", "0", "0.001", "0", "0", "0.001"}},
	}
	for _, tt := range tests {
		for i, rule := range all {
			got := Round(rat(tt.x), tt.d, rule)
			if got.Cmp(rat(tt.want[i])) != 0 {
				t.Errorf("Round(%s, %d, %s) = %s, want %s", tt.x, tt.d, rule, got.FloatString(tt.d), tt.want[i])
			}
		}
	}
	// 890 ÷ 1260 × 100 exactly, not a float approximation.
	sandwell := new(big.Rat).Mul(big.NewRat(890, 1260), big.NewRat(100, 1))
	if got := Format(Round(sandwell, 1, model.Ceiling), 1); got != "70.7" {
		t.Errorf("Sandwell under ceiling = %s, want 70.7", got)
	}
}

func TestFormat(t *testing.T) {
	for _, tt := range []struct {
		x    string
		d    int
		want string
	}{
		{"13231", 0, "13,231"}, {"190839", 0, "190,839"}, {"1234567.5", 1, "1,234,567.5"},
		{"-3", 0, "−3"}, {"-0.7", 1, "−0.7"}, {"0", 2, "0.00"}, {"121.7", 2, "121.70"},
		{"0.05", 2, "0.05"}, {"999", 0, "999"}, {"1000", 0, "1,000"}, {"-1000.25", 2, "−1,000.25"},
	} {
		if got := Format(rat(tt.x), tt.d); got != tt.want {
			t.Errorf("Format(%s, %d) = %q, want %q", tt.x, tt.d, got, tt.want)
		}
	}
}
