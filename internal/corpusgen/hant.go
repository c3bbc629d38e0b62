package corpusgen

import (
	"fmt"
	"strings"
	"sync"

	"github.com/longbridgeapp/opencc"
)

// converter converts between the scripts with OpenCC, remembering what it
// converted: agency and place names recur across reports.
type converter struct {
	mu    sync.Mutex
	s2twp *opencc.OpenCC
	t2s   *opencc.OpenCC
	cache map[string]string
}

func newConverter() (*converter, error) {
	s2twp, err := opencc.New("s2twp")
	if err != nil {
		return nil, fmt.Errorf("opencc s2twp: %w", err)
	}
	t2s, err := opencc.New("t2s")
	if err != nil {
		return nil, fmt.Errorf("opencc t2s: %w", err)
	}
	return &converter{s2twp: s2twp, t2s: t2s, cache: map[string]string{}}, nil
}

// hant converts simplified text to Taiwan traditional with Taiwan phrases.
func (c *converter) hant(s string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if t, ok := c.cache[s]; ok {
		return t
	}
	t, err := c.s2twp.Convert(s)
	if err != nil {
		t = s
	}
	c.cache[s] = t
	return t
}

// taiwanWords undoes the Taiwan phrasing of an automatic s2twp conversion
// once its characters are simplified (規範性檔案 → 规范性档案 → 规范性文件).
// OpenCC's tw2sp would do it too, but it also rewrites words mainland text
// uses (执行 → 运行, 建立 → 创建).
var taiwanWords = strings.NewReplacer("档案", "文件", "入口网站", "门户网站", "智慧型", "智能", "资讯", "信息",
	"释出", "发布", "透过", "通过", "网路", "网络", "程式", "程序", "联络", "联系", "软体", "软件")

// hans converts traditional text (as s2twp writes it) back to simplified.
func (c *converter) hans(s string) string {
	c.mu.Lock()
	t, err := c.t2s.Convert(s)
	c.mu.Unlock()
	if err != nil {
		return s
	}
	return taiwanWords.Replace(t)
}

// traditional reports whether a text is written in traditional characters:
// converting its characters to simplified (t2s, without the Taiwan phrases
// that would change simplified text too) changes more than one in a hundred.
func (c *converter) traditional(s string) bool {
	c.mu.Lock()
	t, err := c.t2s.Convert(s)
	c.mu.Unlock()
	if err != nil {
		return false
	}
	a, b := []rune(s), []rune(t)
	if len(a) != len(b) {
		return true
	}
	diff := 0
	for i := range a {
		if a[i] != b[i] {
			diff++
		}
	}
	return diff*100 > len(a)
}
