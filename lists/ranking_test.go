package lists_test

import (
	"slices"
	"testing"

	"github.com/investscreen/investscreen/lists"
)

// TestSearchNameRanking pins the ranking between entries of issue 15 and
// the explanations SearchName gives, on the embedded list.
func TestSearchNameRanking(t *testing.T) {
	l, err := lists.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	set := lists.NewSet(l)
	tests := []struct {
		name, query string
		matches     []string // entries matched, in order
		reviews     []string // entries for review, among others
		strength    lists.Strength
		notes       []string // of the first match
	}{
		{"name as written outranks the legal form dropped", "CNOOC Ltd.", []string{"30926"}, []string{"30956"}, lists.StrengthName, nil},
		{"China Mobile Ltd: the group's alias is outranked", "China Mobile Ltd", []string{"30923"}, []string{"30944"}, lists.StrengthName, nil},
		{"a bare name equally close to two entries", "China Mobile", []string{"30923", "30944"}, nil, lists.StrengthName, nil},
		{"designator", "SENSETIME GROUP LTD-W", []string{"33114"}, nil, lists.StrengthName, []string{"designator -W dropped"}},
		{"ADR and legal form", "CHINA MOBILE LTD-SPON ADR", []string{"30923"}, []string{"30944"}, lists.StrengthName, []string{"designator -SPON ADR dropped"}},
		{"place prefix", "Hikvision Digital Technology Co Ltd", []string{"30946"}, nil, lists.StrengthVariant, []string{"place prefix Hangzhou optional"}},
		{"place abbreviation", "Shenzhen DJI Technology Co Ltd", []string{"33111"}, nil, lists.StrengthName, []string{"abbreviation Sz expanded to Shenzhen"}},
		{"abbreviation", "Semiconductor Manufacturing Intl Corp", []string{"30951"}, nil, lists.StrengthName, []string{"abbreviation Intl expanded to International"}},
		{"truncation", "CHINA SATELLITE COMMUNICATI-A", []string{"32069"}, nil, lists.StrengthVariant,
			[]string{"designator -A dropped", "truncated final word COMMUNICATI matched COMMUNICATIONS"}},
		{"cut legal form", "ZHONGHANG ELECTRONIC MEASURING INSTRUMENTS CO LT", []string{"32153"}, nil, lists.StrengthName, []string{"truncated legal form Lt dropped"}},
		{"legal form read otherwise", "SenseTime Group Inc.", []string{"33114"}, nil, lists.StrengthLegalForm, []string{"legal form Incorporated read as Limited"}},
		{"parenthesised brand", "Megvii Technology Limited (Face++)", []string{"33091"}, nil, lists.StrengthName, []string{"parenthesised (Face++) set aside"}},
		{"a parenthesised alias alone is for review", "China National Offshore Oil Corp (CNOOC)", []string{"30956"}, []string{"30926"}, lists.StrengthName, nil},
		{"a similar name is for review", "Hangzhou Hikvison Digital Technology", nil, []string{"30946"}, 0, nil},
		{"an unlisted sibling is nothing", "China Railway Group Limited", nil, nil, 0, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var matches, reviews []string
			var first *lists.Candidate
			for i, c := range set.SearchName(tc.query, lists.SearchOptions{}) {
				if c.Match && c.By.Strong() {
					matches = append(matches, c.Entry.ID)
					if first == nil {
						first = &set.SearchName(tc.query, lists.SearchOptions{})[i]
					}
					continue
				}
				reviews = append(reviews, c.Entry.ID)
				if c.Kind() != lists.BySimilarName && c.Kind() != lists.ByWeakAlias {
					t.Errorf("%s: review with Kind %q", c.Entry.ID, c.Kind())
				}
			}
			if !slices.Equal(matches, tc.matches) {
				t.Errorf("matches %v, want %v (reviews %v)", matches, tc.matches, reviews)
			}
			for _, r := range tc.reviews {
				if !slices.Contains(reviews, r) {
					t.Errorf("reviews %v, want %s among them", reviews, r)
				}
			}
			if first == nil {
				return
			}
			if first.Strength != tc.strength {
				t.Errorf("strength %s, want %s", first.Strength, tc.strength)
			}
			var notes []string
			for _, n := range first.Notes {
				notes = append(notes, n.String())
			}
			for _, n := range tc.notes {
				if !slices.Contains(notes, n) {
					t.Errorf("notes %q, want %q among them", notes, n)
				}
			}
		})
	}
}
