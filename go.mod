module sitegen

go 1.26.8

require github.com/mozillazg/go-pinyin v0.21.0

require github.com/goccy/go-yaml v1.19.2
