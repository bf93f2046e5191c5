package lists_test

import (
	"testing"

	"github.com/investscreen/investscreen/lists"
)

func TestNormalizeName(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"legal form Limited", "SENSETIME GROUP LIMITED", "sensetime group"},
		{"legal form Inc with period", "SenseTime Group Inc.", "sensetime group"},
		{"Co., Ltd.", "DAWNING INFORMATION INDUSTRY CO., LTD", "dawning information industry"},
		{"Corp Ltd", "China Telecom Corp Ltd", "china telecom"},
		{"Corporation Limited", "CHINA TELECOM CORPORATION LIMITED", "china telecom"},
		{"group is meaningful", "CHINA UNITED NETWORK COMMUNICATIONS GROUP CO., LTD.", "china united network communications group"},
		{"legal form mid-name kept", "AERO ENGINE CORPORATION OF CHINA", "aero engine corporation of china"},
		{"parentheses", "CHINA UNICOM (HONG KONG) LIMITED", "china unicom hong kong"},
		{"dotted legal form", "Gazprom Neft P.J.S.C.", "gazprom neft"},
		{"S.A.", "Banco Ejemplo S.A.", "banco ejemplo"},
		{"ampersand", "Procter & Gamble Co", "procter and gamble"},
		{"full width", "ＳＥＮＳＥＴＩＭＥ　ＧＲＯＵＰ", "sensetime group"},
		{"apostrophe", "Moody's Corp", "moodys"},
		{"extra white space", "  China   Mobile\tLtd ", "china mobile"},
		{"chinese legal form", "中国移动有限公司", "中国移动"},
		{"only legal forms", "Company Limited", "company"},
		{"empty", "", ""},
		{"punctuation only", "-- ., --", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := lists.NormalizeName(tc.in); got != tc.want {
				t.Errorf("NormalizeName(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestSetLookups(t *testing.T) {
	l, err := lists.LoadOFAC("testdata/quirks")
	if err != nil {
		t.Fatal(err)
	}
	s := lists.NewSet(l)
	if s.Len() != 3 {
		t.Errorf("Len = %d, want 3", s.Len())
	}
	key, hits := s.ByName("Acme Missile Works Ltd.")
	if key != "acme missile works" || len(hits) != 1 || hits[0].By != lists.ByName {
		t.Errorf("ByName = %q %+v, want one primary-name hit", key, hits)
	}
	if _, hits := s.ByName("AMW"); len(hits) != 1 || hits[0].By != lists.ByWeakAlias {
		t.Errorf("weak alias hits = %+v", hits)
	}
	if _, hits := s.ByName("Acme Rockets Company"); len(hits) != 1 || hits[0].By != lists.ByAlias || hits[0].Value != "ACME ROCKETS CO" {
		t.Errorf("fka hits = %+v", hits)
	}
	if _, hits := s.ByName("Acme Holding Group"); len(hits) != 0 {
		t.Errorf("a Linked To name is not an entry: %+v", hits)
	}
}
