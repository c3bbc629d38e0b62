package importer

import (
	"slices"
	"strings"
	"unicode"

	"sitegen/internal/report"
)

// tradPairs maps traditional characters to simplified ones: the characters
// of the form's labels and headings, and those common in agency names and
// report titles. It is deliberately small; an automatic conversion of a
// whole text (OpenCC) is not needed to recognise labels.
const tradPairs = "" +
	"與与並并為为於于後后從从來来個个們们動动務务區区國国執执報报對对屬属廣广強强採采據据數数會会條条業业" +
	"構构機机檔档權权決决沒没況况減减無无獲获現现當当確确穩稳範范組组結结總总織织繼继續续罰罚舉举處处補补" +
	"製制複复覆复規规計计訪访許许訴诉詢询認认請请護护費费購购轉转辦办這这過过開开關关項项額额類类體体係系" +
	"內内問问題题進进議议訟讼維维糾纠審审經经門门網网縣县鎮镇鄉乡衛卫環环財财稅税廳厅員员黨党書书記记" +
	"東东陽阳雲云貴贵遼辽寧宁龍龙蘇苏陝陕雙双華华漢汉澤泽濟济齊齐興兴豐丰藥药醫医療疗監监應应傳传統统農农" +
	"漁渔發发僑侨聯联絡络詞词熱热紹绍資资訊讯產产價价質质氣气鐵铁電电郵邮運运輸输設设備备庫库檢检驗验證证" +
	"單单萬万億亿礎础歷历劃划畫画幾几優优勢势標标準准層层級级團团隊队階阶際际聽听說说談谈論论講讲讀读寫写" +
	"錄录號号態态響响勞劳職职責责導导領领聞闻觀观點点線线圖图歸归莊庄場场廠厂礦矿園园學学師师專专術术將将" +
	"給给還还變变實实嚴严貫贯徹彻習习時时義义屆届選选節节約约筆笔週周畢毕稱称戰战頭头細细緊紧圍围繞绕紀纪" +
	"綜综歡欢樂乐樓楼廈厦紅红縣县區区辦办鄰邻協协調调規规劃划氣气館馆營营銷销貿贸區区灣湾橋桥壩坝礎础" +
	"盡尽減减產产險险災灾戶户籍籍輔辅錄录倉仓儲储糧粮鹽盐稅税種种畝亩額额歲岁齡龄衆众眾众傷伤殘残"

var tradMap = func() map[rune]rune {
	m := map[rune]rune{}
	rs := []rune(tradPairs)
	for i := 0; i+1 < len(rs); i += 2 {
		if rs[i] != rs[i+1] {
			m[rs[i]] = rs[i+1]
		}
	}
	return m
}()

// toSimplified converts the traditional characters of the mapping; other
// characters pass through.
func toSimplified(s string) string {
	return strings.Map(func(r rune) rune {
		if t, ok := tradMap[r]; ok {
			return t
		}
		return r
	}, s)
}

// wordVariants are conversion artefacts of Taiwan-style converters that
// change words, not characters (文件 → 檔案, 信息 → 資訊).
var wordVariants = strings.NewReplacer("檔案", "文件", "资讯", "信息", "資訊", "信息")

// key is the form of a text used to recognise labels: simplified, with
// everything but Han characters dropped, so widths, brackets, spaces,
// numbering digits and years inside labels (本年（2020）新制作数量) do not
// matter.
func key(s string) []rune {
	s = toSimplified(wordVariants.Replace(s))
	out := make([]rune, 0, len(s)/3)
	for _, r := range s {
		if unicode.Is(unicode.Han, r) && r != '〇' {
			out = append(out, r)
		}
	}
	return out
}

// numberingPrefix strips a leading numbering: 一、 （一） (一) 1. 1、 １．
func stripNumbering(s string) string {
	s = strings.TrimSpace(report.FoldWidth(s))
	if m := numberingRE.FindStringIndex(s); m != nil {
		return strings.TrimSpace(s[m[1]:])
	}
	return s
}

// core is the key of a canonical label without its numbering.
func core(label string) []rune { return key(stripNumbering(label)) }

// contains reports whether needle occurs in hay.
func contains(hay, needle []rune) bool {
	return len(needle) > 0 && len(needle) <= len(hay) && strings.Contains(string(hay), string(needle))
}

// approxDistance is the smallest edit distance between needle and any
// substring of hay (Sellers' algorithm).
func approxDistance(needle, hay []rune) int {
	if len(needle) == 0 {
		return 0
	}
	return slices.Min(lastRow(needle, hay, true))
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b []rune) int {
	return lastRow(a, b, false)[len(b)]
}

// lastRow runs the edit-distance table of needle against hay and returns
// its last row: entry j is the distance of needle to hay[:j], or, when
// anywhere, to the best substring of hay ending at j (a match may start
// anywhere, so row 0 costs nothing).
func lastRow(needle, hay []rune, anywhere bool) []int {
	prev := make([]int, len(hay)+1)
	cur := make([]int, len(hay)+1)
	if !anywhere {
		for j := range prev {
			prev[j] = j
		}
	}
	for i := 1; i <= len(needle); i++ {
		cur[0] = i
		for j := 1; j <= len(hay); j++ {
			cost := 1
			if needle[i-1] == hay[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j-1]+cost, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev
}

// near reports whether a and b are the same label up to a typo: equal, or
// within an edit distance of a quarter of the longer one.
func near(a, b []rune) bool {
	if string(a) == string(b) {
		return true
	}
	n := max(len(a), len(b)) / 4
	if n == 0 || abs(len(a)-len(b)) > n {
		return false
	}
	return editDistance(a, b) <= n
}

// labelScore says how well a row label (its cores) is found in a value
// group's label text: 1.1 written on the group's own line, 1.0 in the text
// around it, less for a near miss (edit distance up to a quarter of the
// label), 0 when not found. Longer labels win ties.
func labelScore(cores [][]rune, own, around []rune) float64 {
	best := 0.0
	for _, c := range cores {
		s := 0.0
		switch {
		case contains(own, c):
			s = 1.1
		case contains(around, c):
			s = 1.0
		default:
			maxd := len(c) / 4
			if maxd == 0 {
				break
			}
			if !enough(c, own, maxd) && !enough(c, around, maxd) {
				break
			}
			if d := approxDistance(c, own); d <= maxd {
				s = 1 - float64(d)/float64(len(c))
			} else if d := approxDistance(c, around); d <= maxd {
				s = 0.98 - float64(d)/float64(len(c))
			}
		}
		if s > 0 {
			s += 0.01 * float64(min(len(c), 10))
		}
		best = max(best, s)
	}
	return best
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// enough is a quick filter before an edit distance: hay must hold all but
// maxd of needle's characters.
func enough(needle, hay []rune, maxd int) bool {
	have := map[rune]int{}
	for _, r := range hay {
		have[r]++
	}
	missing := 0
	for _, r := range needle {
		if have[r] > 0 {
			have[r]--
		} else if missing++; missing > maxd {
			return false
		}
	}
	return true
}
