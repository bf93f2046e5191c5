package nameindex

import (
	"sort"
	"strings"
)

// abbreviations pairs words with the abbreviations that names write them
// with, normalised. Each is matched both ways with similarity abbrevSim.
var abbreviations = map[string][]string{
	"corporation":        {"corp"},
	"company":            {"co", "cie"},
	"international":      {"intl", "intern"},
	"technology":         {"tech", "technol"},
	"technologies":       {"tech", "techs"},
	"group":              {"grp", "gp"},
	"manufacturing":      {"mfg", "manuf"},
	"manufacturer":       {"mfr"},
	"construction":       {"constr"},
	"electronics":        {"electr", "elec"},
	"electronic":         {"electr", "elec"},
	"electric":           {"elec"},
	"holding":            {"hldg"},
	"holdings":           {"hldgs", "hldg", "hlds", "hlgs"},
	"national":           {"natl"},
	"industry":           {"ind", "indus"},
	"industries":         {"inds", "ind", "indus"},
	"industrial":         {"indl", "ind"},
	"services":           {"svcs", "svc", "servs"},
	"service":            {"svc"},
	"engineering":        {"eng", "engg"},
	"development":        {"dev", "devt"},
	"investment":         {"inv", "invt"},
	"investments":        {"invts", "inv"},
	"management":         {"mgmt", "mgt"},
	"association":        {"assn", "assoc"},
	"university":         {"univ"},
	"science":            {"sci"},
	"bank":               {"bk"},
	"chemical":           {"chem"},
	"chemicals":          {"chems", "chem"},
	"pharmaceutical":     {"pharm", "pharma"},
	"pharmaceuticals":    {"pharms", "pharma"},
	"communications":     {"comms", "comm", "commun"},
	"communication":      {"comm", "commun"},
	"systems":            {"sys", "syst"},
	"information":        {"info"},
	"equipment":          {"equip"},
	"machinery":          {"mach"},
	"shipping":           {"shpg"},
	"brothers":           {"bros"},
	"petroleum":          {"petrol"},
	"petrochemical":      {"petrochem"},
	"aviation":           {"aviat"},
	"financial":          {"finl"},
	"trading":            {"trdg"},
	"transport":          {"transp"},
	"mining":             {"mng"},
	"microelectronics":   {"microelec", "microelectr", "microelecs"},
	"microelectronic":    {"microelec", "microelectr"},
	"semiconductor":      {"semicon", "semicond"},
	"semiconductors":     {"semicons", "semicond"},
	"aerospace":          {"aerosp"},
	"shipbuilding":       {"shipbldg"},
	"navigation":         {"navig"},
	"instruments":        {"instr", "instrs"},
	"instrument":         {"instr"},
	"power":              {"pwr"},
	"telecommunications": {"telecomms"},
	"optoelectronics":    {"optoelec"},
	"resources":          {"res"},
	"products":           {"prods"},
	"material":           {"matl"},
	"materials":          {"matls", "matl"},
	"securities":         {"secs"},
	// The abbreviations vendors write for the cities that open Chinese
	// company names (a terminal's "SZ DJI", "BJ", "SH").
	"shenzhen": {"sz"},
	"beijing":  {"bj"},
	"shanghai": {"sh"},
}

// abbrevPairs holds abbreviations both ways.
var abbrevPairs = func() map[string][]string {
	m := map[string][]string{}
	for word, abs := range abbreviations {
		for _, a := range abs {
			m[word] = append(m[word], a)
			m[a] = append(m[a], word)
		}
	}
	for _, v := range m {
		sort.Strings(v)
	}
	return m
}()

// descriptionWords are the words of security descriptions ("CHINA MOBILE
// LTD-ADR", "Class H shares"), weighed minorWeight.
var descriptionWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields("adr adrs ads gdr gdrs class cl share shares shs sponsored spon unsponsored " +
		"ord ordinary common reg regs registered bearer pref preferred") {
		m[w] = true
	}
	return m
}()
