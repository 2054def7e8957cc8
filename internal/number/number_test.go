package number

import "testing"

func TestGrouped(t *testing.T) {
	for _, tt := range []struct {
		plain string
		neg   bool
		want  string
	}{
		{"0", false, "0"}, {"999", false, "999"}, {"1000", false, "1,000"},
		{"13231", false, "13,231"}, {"1234567.5", false, "1,234,567.5"},
		{"3", true, "−3"}, {"0.7", true, "−0.7"}, {"1000.25", true, "−1,000.25"},
		{"0.05", false, "0.05"}, {"100000", false, "100,000"},
	} {
		if got := Grouped(tt.plain, tt.neg); got != tt.want {
			t.Errorf("Grouped(%q, %v) = %q, want %q", tt.plain, tt.neg, got, tt.want)
		}
	}
}

func TestFloat(t *testing.T) {
	for _, tt := range []struct {
		v    float64
		d    int
		want string
	}{
		{1500, 0, "1,500"}, {-3, 0, "−3"}, {-0.04, 1, "0.0"}, {2.5, 1, "2.5"},
		{-1234.5, 2, "−1,234.50"}, {1e15, 0, "1,000,000,000,000,000"},
	} {
		if got := Float(tt.v, tt.d); got != tt.want {
			t.Errorf("Float(%v, %d) = %q, want %q", tt.v, tt.d, got, tt.want)
		}
	}
}
