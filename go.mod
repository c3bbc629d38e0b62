module sitegen

go 1.26.8

require github.com/mozillazg/go-pinyin v0.21.0

require (
	github.com/goccy/go-yaml v1.19.2
	github.com/longbridgeapp/opencc v0.3.13
	github.com/sergi/go-diff v1.2.0
	github.com/tdewolff/minify/v2 v2.24.25
	github.com/yuin/goldmark v1.8.7
	golang.org/x/net v0.60.0
	golang.org/x/term v0.47.0
	golang.org/x/text v0.43.0
)

require (
	github.com/liuzl/cedar-go v0.0.0-20170805034717-80a9c64b256d // indirect
	github.com/liuzl/da v0.0.0-20180704015230-14771aad5b1d // indirect
	github.com/tdewolff/parse/v2 v2.8.20 // indirect
)

require (
	github.com/rogpeppe/go-internal v1.16.0
	golang.org/x/sys v0.49.0 // indirect
	golang.org/x/tools v0.51.0 // indirect
)
