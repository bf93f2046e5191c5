package nameindex

// sameConsonants reports whether a and b, of five letters or more, differ
// only in their vowels: the same consonants in the same order (doubled
// ones once) with vowels between the same ones. So "hezbollah" and
// "hizballah", "mohammed" and "muhammad" do, "mohammed" and "mahmoud" do
// not.
func sameConsonants(a, b string) bool {
	if len(a) < 5 || len(b) < 5 {
		return false
	}
	i, j := 0, 0
	for {
		ua, ni := skeletonUnit(a, i)
		ub, nj := skeletonUnit(b, j)
		if ua != ub {
			return false
		}
		if ua == 0 {
			return true
		}
		i, j = ni, nj
	}
}

// skeletonUnit returns the unit of word w at byte i and where the next
// starts: a consonant (repeats of it skipped), 'V' for a run of vowels,
// or 0 at the end or at a byte that is not a lower-case ASCII letter.
func skeletonUnit(w string, i int) (byte, int) {
	if i >= len(w) || w[i] < 'a' || w[i] > 'z' {
		return 0, i
	}
	c := w[i]
	if isVowel(c) {
		for i < len(w) && isVowel(w[i]) {
			i++
		}
		return 'V', i
	}
	for i < len(w) && w[i] == c {
		i++
	}
	return c, i
}

func isVowel(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u', 'y':
		return true
	}
	return false
}

func appendRunes(buf []rune, s string) []rune {
	for _, r := range s {
		buf = append(buf, r)
	}
	return buf
}

// osa returns the optimal string alignment distance of a and b
// (insertions, deletions, substitutions and transpositions of adjacent
// runes, no substring edited twice), or max+1 if it is more than max. Only
// the diagonal band of width 2*max+1 is computed.
func osa(a, b []rune, max int, sc *scratch) int {
	la, lb := len(a), len(b)
	inf := max + 1
	if la-lb > max || lb-la > max {
		return inf
	}
	if cap(sc.rows) < 3*(lb+1) {
		sc.rows = make([]int, 3*(lb+1))
	}
	rows := sc.rows[:3*(lb+1)]
	for i := range rows {
		rows[i] = inf
	}
	prev2, prev, cur := rows[:lb+1], rows[lb+1:2*(lb+1)], rows[2*(lb+1):]
	for j := 0; j <= lb && j <= max; j++ {
		prev[j] = j
	}
	for i := 1; i <= la; i++ {
		lo, hi := i-max, i+max
		if lo < 1 {
			lo = 1
		}
		if hi > lb {
			hi = lb
		}
		low := inf
		if i <= max {
			cur[0], low = i, i
		} else {
			cur[0] = inf
		}
		if lo > 1 {
			cur[lo-1] = inf
		}
		for j := lo; j <= hi; j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := prev[j-1] + cost
			if prev[j]+1 < v {
				v = prev[j] + 1
			}
			if cur[j-1]+1 < v {
				v = cur[j-1] + 1
			}
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] && prev2[j-2]+1 < v {
				v = prev2[j-2] + 1
			}
			if v > inf {
				v = inf
			}
			cur[j] = v
			if v < low {
				low = v
			}
		}
		if low > max {
			return inf
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[lb]
}

// letterMask returns a set of the runes of w, 64 buckets: each edit of
// w changes at most two of its bits.
func letterMask(w string) uint64 {
	var m uint64
	for _, r := range w {
		switch {
		case r >= 'a' && r <= 'z':
			m |= 1 << uint(r-'a')
		case r >= '0' && r <= '9':
			m |= 1 << uint(26+r-'0')
		default:
			m |= 1 << uint(36+r%28)
		}
	}
	return m
}

// osaBits is osa for an ASCII pattern of m bytes (1 to 64), given by
// peq (peq[c] has bit i set where the pattern's byte i is c), and an
// ASCII text: the whole distance, computed a column of the table at a
// time in the bits of three words (Hyyrö, "A bit-vector algorithm for
// computing Levenshtein and Damerau edit distances", Nordic Journal of
// Computing 10, 2003). TestOSABitsIsOSA holds it to osa.
func osaBits(peq *[128]uint64, m int, t string) int {
	vp, vn := ^uint64(0), uint64(0)
	d0, pmOld := uint64(0), uint64(0)
	dist := m
	last := uint64(1) << (m - 1)
	for i := 0; i < len(t); i++ {
		pm := peq[t[i]&0x7f]
		tr := ((^d0 & pm) << 1) & pmOld // transpositions
		d0 = (((pm & vp) + vp) ^ vp) | pm | vn | tr
		hp := vn | ^(d0 | vp)
		hn := d0 & vp
		if hp&last != 0 {
			dist++
		} else if hn&last != 0 {
			dist--
		}
		hp = hp<<1 | 1
		hn <<= 1
		vp = hn | ^(d0 | hp)
		vn = hp & d0
		pmOld = pm
	}
	return dist
}
