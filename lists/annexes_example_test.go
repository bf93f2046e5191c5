package lists_test

import (
	"fmt"

	"github.com/investscreen/investscreen/lists"
)

// The built-in table of Regulation 833/2014 Article 5: rows per annex and
// the paragraph whose windows apply.
func ExampleEUArticle5() {
	l, err := lists.EUArticle5()
	if err != nil {
		fmt.Println(err)
		return
	}
	n := map[string]int{}
	para := map[string]string{}
	for _, e := range l.Entries {
		r := e.Restrictions[0]
		n[r.Measure]++
		para[r.Measure] = r.Paragraph
	}
	for _, a := range []string{"Annex III", "Annex V", "Annex VI", "Annex XII", "Annex XIII"} {
		fmt.Printf("%s (%s): %d\n", a, para[a], n[a])
	}
	fmt.Println(l.Release.Date)
	// Output:
	// Annex III (Art. 5(1)): 5
	// Annex V (Art. 5(2)): 3
	// Annex VI (Art. 5(3)): 3
	// Annex XII (Art. 5(4)): 4
	// Annex XIII (Art. 5(4)): 9
	// 2026-07-17
}
