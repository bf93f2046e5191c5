package lists_test

import (
	"fmt"
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

		// Compatibility folding.
		{"full-width legal form", "ＣＨＩＮＡ ＭＯＢＩＬＥ ＬＴＤ．", "china mobile"},
		{"ligatures", "Ｅｆﬁcient Oﬀshore Œuvre", "efficient offshore oeuvre"},
		{"circled and roman", "Ⓐcme Ⅻ ①", "acme xii 1"},
		{"math bold", "𝐀𝐂𝐌𝐄 𝟏", "acme 1"},
		{"superscript digits", "Acme² Labs", "acme2 labs"},
		{"trade mark", "Acme™ Labs®", "acme labs"},
		{"soft hyphen and zero width joiner", "Sber\u00adbank Ca\u200dpital", "sberbank capital"},
		{"no-break space", "China Mobile Ltd", "china mobile"},
		{"modifier apostrophes", "Xiʼan Ob’edinennaya ʿAbd", "xian obedinennaya abd"},

		// Diacritics.
		{"latin-1", "Petróleos de Venezuela, S.A.", "petroleos de venezuela"},
		{"latin extended-a", "Łódź Škoda Ćevapi Ğüneş İstanbul", "lodz skoda cevapi gunes istanbul"},
		{"ø æ ß þ", "Ørsted Ægir Straße Þór", "orsted aegir strasse thor"},
		{"vietnamese", "Tổng Công ty Điện lực", "tong cong ty dien luc"},
		{"combining marks", "Café Müller", "cafe muller"},
		{"schwa", "Əliyev", "aliyev"},
		{"greek accents", "Τράπεζα Πειραιώς", "τραπεζα πειραιωσ"},

		// Cyrillic transliteration.
		{"russian", "Газпром нефть", "gazprom neft"},
		{"russian legal form first", "ПАО «Газпром нефть»", "gazprom neft"},
		{"russian legal form last", "Роснефть, ООО", "rosneft"},
		{"shch and signs", "Общество Объединённая", "obshchestvo obedinennaya"},

		// Legal forms.
		{"S.A. de C.V.", "Grupo Ejemplo, S.A. de C.V.", "grupo ejemplo"},
		{"S. A.", "Banco Ejemplo S. A.", "banco ejemplo"},
		{"GmbH & Co. KG", "Muster GmbH & Co. KG", "muster"},
		{"& Co", "Smith & Co.", "smith"},
		{"A/S", "Maersk Line A/S", "maersk line"},
		{"Oy, AB", "Nokia Oyj; Volvo AB (publ)", "nokia oyj volvo"},
		{"K.K.", "Toyota Tsusho K.K.", "toyota tsusho"},
		{"Kabushiki Kaisha", "Toshiba Kabushiki Kaisha", "toshiba"},
		{"Pte Ltd", "Example Shipping Pte. Ltd.", "example shipping"},
		{"Pty Ltd", "Example Mining Pty Ltd", "example mining"},
		{"Sdn Bhd", "Example Trading Sdn. Bhd.", "example trading"},
		{"Tbk and PT", "PT Bank Example Tbk", "bank example"},
		{"S.p.A.", "Ejemplo S.p.A.", "ejemplo"},
		{"S.r.l.", "Ejemplo S.r.l.", "ejemplo"},
		{"SARL SAS", "Exemple SARL", "exemple"},
		{"N.V. B.V.", "Voorbeeld Holding N.V.", "voorbeeld holding"},
		{"PJSC first", "PJSC Verkhnechonskneftegaz", "verkhnechonskneftegaz"},
		{"OAO last", "LUKOIL OAO", "lukoil"},
		{"joint stock company last", "VTB BANK PUBLIC JOINT STOCK COMPANY", "vtb bank"},
		{"joint stock company first", "PUBLIC JOINT STOCK COMPANY SBERBANK OF RUSSIA", "sberbank of russia"},
		{"joint-stock with hyphen", "OPEN JOINT-STOCK COMPANY ROSNEFT OIL COMPANY", "rosneft oil"},
		{"limited liability company", "SETELEM BANK LIMITED LIABILITY COMPANY", "setelem bank"},
		{"aktsionernoe obshchestvo", "AKTSIONERNOE OBSHCHESTVO RT-OKHRANA", "rt okhrana"},
		{"ooo with comma", "GAZPROM DOBYCHA YAMBURG, OOO", "gazprom dobycha yamburg"},
		{"FZE", "Example General Trading FZE", "example general trading"},
		{"AO is not dropped first", "A.O. Smith Corporation", "ao smith"},
		{"group kept", "CHINA UNITED NETWORK COMMUNICATIONS GROUP", "china united network communications group"},
		{"holdings kept", "Tencent Holdings Ltd", "tencent holdings"},
		{"bank kept", "China Construction Bank Corporation", "china construction bank"},
		{"international kept", "Semiconductor Manufacturing International Corp", "semiconductor manufacturing international"},
		{"股份有限公司", "中国石油化工股份有限公司", "中国石油化工"},
		{"有限责任公司", "中国移动通信有限责任公司", "中国移动通信"},
		{"集团有限公司 keeps 集团", "中国移动通信集团有限公司", "中国移动通信集团"},
		{"株式会社 first", "株式会社東芝", "東芝"},
		{"only a joint stock company", "Joint Stock Company", "joint stock"},
		{"only a chinese legal form", "有限公司", "有限公司"},
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

func ExampleSet_SearchName() {
	l, err := lists.Embedded()
	if err != nil {
		panic(err)
	}
	set := lists.NewSet(l)
	for _, q := range []string{
		"SENSETIME-W",
		"China Telecom Corp Ltd-H",
		"Hikvision Digital Technology Co Ltd",
		"CHINA SATELLITE COMMUNICATI-A",
		"CNOOC Ltd.",
		"China Mobile",
		"Hangzhou Hikvison Digital Tech",
		"SMIC",
		"China Railway Group Limited",
	} {
		cands := set.SearchName(q, lists.SearchOptions{})
		fmt.Printf("%s: %d candidates\n", q, len(cands))
		for _, c := range cands {
			outcome := "review" // a human looks
			if c.Match && c.By.Strong() {
				outcome = "match"
			}
			fmt.Printf("  %s %.2f %s %s %s %q (%s)\n", outcome, c.Score, c.Entry.List, c.Entry.ID, c.Kind(), c.Value, c.Strength)
			for _, n := range c.Notes {
				fmt.Printf("    %s\n", n)
			}
		}
	}
	// Output:
	// SENSETIME-W: 1 candidates
	//   review 0.93 NS-CMIC 33114 similar name "SENSETIME GROUP LIMITED" (similar)
	//     designator -W dropped
	// China Telecom Corp Ltd-H: 2 candidates
	//   match 1.00 NS-CMIC 30882 name "CHINA TELECOM CORPORATION LIMITED" (equal as written)
	//     designator -H dropped
	//   review 1.00 NS-CMIC 30939 similar name "CHINA TELECOM" (equal after legal forms)
	//     designator -H dropped
	//     legal form Corporation Limited dropped
	//     outranked by NS-CMIC 30882 (equal as written)
	// Hikvision Digital Technology Co Ltd: 1 candidates
	//   match 0.98 NS-CMIC 30946 name "HANGZHOU HIKVISION DIGITAL TECHNOLOGY CO., LTD." (equal after transformations)
	//     place prefix Hangzhou optional
	// CHINA SATELLITE COMMUNICATI-A: 1 candidates
	//   match 0.99 NS-CMIC 32069 name "CHINA SATELLITE COMMUNICATIONS CO., LTD." (equal after transformations)
	//     designator -A dropped
	//     truncated final word COMMUNICATI matched COMMUNICATIONS
	// CNOOC Ltd.: 2 candidates
	//   match 1.00 NS-CMIC 30926 name "CNOOC LIMITED" (equal as written)
	//   review 1.00 NS-CMIC 30956 similar name "CNOOC" (equal after legal forms)
	//     legal form Limited dropped
	//     outranked by NS-CMIC 30926 (equal as written)
	// China Mobile: 2 candidates
	//   match 1.00 NS-CMIC 30923 name "CHINA MOBILE LIMITED" (equal as written)
	//   match 1.00 NS-CMIC 30944 alias "CHINA MOBILE" (equal as written)
	// Hangzhou Hikvison Digital Tech: 1 candidates
	//   review 0.99 NS-CMIC 30946 similar name "HANGZHOU HIKVISION DIGITAL TECHNOLOGY CO., LTD." (similar)
	//     spelling Hikvison for Hikvision
	//     abbreviation Tech expanded to Technology
	// SMIC: 1 candidates
	//   review 1.00 NS-CMIC 30951 weak alias "SMIC" (equal as written)
	// China Railway Group Limited: 0 candidates
}
