package nameindex

// JaroWinkler returns the Jaro-Winkler similarity of a and b, compared
// rune by rune: 1 for equal strings, 0 for strings with nothing in common.
// The Jaro similarity counts the runes of each string that equal a rune
// of the other no further than half the longer length (less one) away,
// and the transpositions among them; Winkler's adjustment raises a Jaro
// similarity above 0.7 by 0.1 of the rest for each rune of a common
// prefix of up to four. MARTHA and MARHTA score 0.961, DWAYNE and DUANE
// 0.84, DIXON and DICKSONX 0.813.
//
// SearchName scores near words with it; the brute-force baseline of the
// name-search benchmark scores whole normalised names with it, the way
// moov-io/watchman does.
func JaroWinkler(a, b string) float64 {
	if a == b {
		return 1
	}
	var abuf, bbuf [64]rune
	ra, rb := appendRunes(abuf[:0], a), appendRunes(bbuf[:0], b)
	la, lb := len(ra), len(rb)
	if la == 0 || lb == 0 {
		return 0
	}
	window := la
	if lb > window {
		window = lb
	}
	window = window/2 - 1
	if window < 0 {
		window = 0
	}
	var fbuf [128]bool
	var flags []bool
	if la+lb <= len(fbuf) {
		flags = fbuf[:la+lb]
	} else {
		flags = make([]bool, la+lb)
	}
	ma, mb := flags[:la], flags[la:]
	m := 0
	for i := 0; i < la; i++ {
		lo, hi := i-window, i+window
		if lo < 0 {
			lo = 0
		}
		if hi > lb-1 {
			hi = lb - 1
		}
		for j := lo; j <= hi; j++ {
			if !mb[j] && ra[i] == rb[j] {
				ma[i], mb[j] = true, true
				m++
				break
			}
		}
	}
	if m == 0 {
		return 0
	}
	half := 0 // matched runes out of order
	for i, k := 0, 0; i < la; i++ {
		if !ma[i] {
			continue
		}
		for !mb[k] {
			k++
		}
		if ra[i] != rb[k] {
			half++
		}
		k++
	}
	fm := float64(m)
	sim := (fm/float64(la) + fm/float64(lb) + (fm-float64(half)/2)/fm) / 3
	if sim <= 0.7 {
		return sim
	}
	prefix := 0
	for prefix < 4 && prefix < la && prefix < lb && ra[prefix] == rb[prefix] {
		prefix++
	}
	return sim + float64(prefix)*0.1*(1-sim)
}
