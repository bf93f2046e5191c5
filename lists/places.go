package lists

import "strings"

// chinesePlaces are the places that open Chinese company names and that
// English display names leave out ("HANGZHOU HIKVISION DIGITAL
// TECHNOLOGY" is "Hikvision Digital Technology"), folded as NormalizeName
// folds them ("Xi'an" is "xian"). They are the 34 provincial-level
// divisions of the People's Republic of China (the 23 provinces, 5
// autonomous regions, 4 municipalities and 2 special administrative
// regions, less Hong Kong and Macau, which open no mainland company name
// and are written after it: "CHINA UNICOM (HONG KONG)"; Taiwan is left
// out) and the cities where China's listed companies are registered: the
// provincial capitals, the sub-provincial cities and the prefecture-level
// cities with the most A-share issuers, in Hanyu Pinyin as the
// administrative division codes of the National Bureau of Statistics (GB/T
// 2260) spell them. Shenzhen, Beijing and Shanghai have the abbreviations
// terminals write (SZ, BJ, SH).
var chinesePlaces = func() map[string]bool {
	m := map[string]bool{}
	const provinces = "anhui fujian gansu guangdong guizhou hainan hebei heilongjiang henan hubei hunan " +
		"jiangsu jiangxi jilin liaoning qinghai shaanxi shandong shanxi sichuan yunnan zhejiang " +
		"guangxi ningxia xinjiang tibet xizang beijing tianjin shanghai chongqing"
	const capitals = "hefei fuzhou lanzhou guangzhou guiyang haikou shijiazhuang zhengzhou harbin wuhan changsha " +
		"nanjing nanchang changchun shenyang xining jinan taiyuan xian chengdu kunming hangzhou nanning yinchuan " +
		"urumqi lhasa hohhot"
	const cities = "shenzhen xiamen ningbo qingdao dalian zhuhai shantou foshan dongguan zhongshan huizhou jiangmen " +
		"zhaoqing zhanjiang suzhou wuxi changzhou nantong yangzhou xuzhou zhenjiang taizhou yancheng huaian lianyungang " +
		"wenzhou shaoxing jiaxing huzhou jinhua quzhou lishui zhoushan yantai weifang zibo weihai jining linyi dongying " +
		"tangshan baoding handan langfang qinhuangdao zhangjiakou cangzhou luoyang kaifeng xinxiang pingdingshan " +
		"anyang nanyang xuchang jiaozuo zhuzhou xiangtan hengyang yueyang changde yichang xiangyang shiyan jingzhou " +
		"huangshi wuhu maanshan bengbu anqing tongling quanzhou zhangzhou putian longyan sanming ganzhou jiujiang " +
		"jingdezhen pingxiang shangrao yichun guilin liuzhou beihai mianyang deyang yibin luzhou zigong leshan " +
		"zunyi qujing yuxi baoji xianyang yanan hanzhong datong changzhi jinzhong baotou ordos anshan fushun benxi " +
		"dandong jinzhou yingkou panjin tieling daqing qiqihar mudanjiang karamay shihezi sanya wuzhong " +
		"kunshan jiangyin zhangjiagang yiwu cixi"
	for _, w := range strings.Fields(provinces + " " + capitals + " " + cities) {
		m[w] = true
	}
	return m
}()

// placeAbbreviations are the abbreviations of places that vendors open
// names with ("SZ DJI").
var placeAbbreviations = map[string]string{"sz": "shenzhen", "bj": "beijing", "sh": "shanghai"}

// chinesePlacesOfTwo are the places of two words.
var chinesePlacesOfTwo = map[[2]string]bool{{"inner", "mongolia"}: true, {"nei", "mongol"}: true, {"xi", "an"}: true}

// placePrefix returns how many of the leading words of a normalised name
// are a Chinese place name (chinesePlaces, placeAbbreviations), or 0.
func placePrefix(words []string) int {
	if len(words) >= 2 && chinesePlacesOfTwo[[2]string{words[0], words[1]}] {
		return 2
	}
	if len(words) >= 1 && (chinesePlaces[words[0]] || placeAbbreviations[words[0]] != "") {
		return 1
	}
	return 0
}
