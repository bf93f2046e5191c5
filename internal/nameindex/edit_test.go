package nameindex

import (
	"fmt"
	"math"
	"testing"
)

func TestJaroWinkler(t *testing.T) {
	tests := []struct {
		a, b string
		want float64
	}{
		{"MARTHA", "MARHTA", 0.961},
		{"DWAYNE", "DUANE", 0.840},
		{"DIXON", "DICKSONX", 0.813},
		{"JELLYFISH", "SMELLYFISH", 0.896},
		{"CRATE", "TRACE", 0.733},
		{"abc", "abc", 1},
		{"", "", 1},
		{"abc", "", 0},
		{"abc", "xyz", 0},
		{"hikvison", "hikvision", 0.978},
		{"łódź", "łodz", 0.667}, // runes, not bytes
	}
	for _, tc := range tests {
		got := JaroWinkler(tc.a, tc.b)
		if math.Abs(got-tc.want) > 0.0005 {
			t.Errorf("JaroWinkler(%q, %q) = %.4f, want %.3f", tc.a, tc.b, got, tc.want)
		}
		if back := JaroWinkler(tc.b, tc.a); math.Abs(back-got) > 1e-12 {
			t.Errorf("JaroWinkler(%q, %q) = %.4f, not symmetric (%.4f)", tc.b, tc.a, back, got)
		}
	}
}

func TestOSA(t *testing.T) {
	tests := []struct {
		a, b string
		max  int
		want int
	}{
		{"group", "gruop", 2, 1},
		{"neft", "nfet", 1, 1},
		{"hikvision", "hikvison", 2, 1},
		{"hezbollah", "hizballah", 2, 2},
		{"telecom", "telekom", 1, 1},
		{"ca", "abc", 3, 3}, // OSA, not Damerau-Levenshtein
		{"kitten", "sitting", 2, 3},
		{"kitten", "sitting", 3, 3},
		{"same", "same", 0, 0},
	}
	for _, tc := range tests {
		if got := osa([]rune(tc.a), []rune(tc.b), tc.max, &scratch{}); got != tc.want {
			t.Errorf("osa(%q, %q, %d) = %d, want %d", tc.a, tc.b, tc.max, got, tc.want)
		}
	}
}

func TestSameConsonants(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"hezbollah", "hizballah", true},
		{"mohammed", "muhammad", true},
		{"mohammed", "mahmoud", false},
		{"group", "grape", false},
		{"abc", "abc", false}, // too short
	}
	for _, tc := range tests {
		if got := sameConsonants(tc.a, tc.b); got != tc.want {
			t.Errorf("sameConsonants(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestAppendPlurals(t *testing.T) {
	tests := []struct {
		w    string
		want []string
	}{
		{"group", []string{"groups"}},
		{"groups", []string{"groupss", "group"}},
		{"technology", []string{"technologys", "technologies"}},
		{"technologies", []string{"technologiess", "technology"}},
		{"glass", []string{"glasss"}},
		{"co", nil},
	}
	for _, tc := range tests {
		var buf [2][64]byte
		var out [2][]byte
		var got []string
		for _, p := range appendPlurals(&buf, &out, tc.w) {
			got = append(got, string(p))
		}
		if fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("appendPlurals(%q) = %q, want %q", tc.w, got, tc.want)
		}
	}
}
