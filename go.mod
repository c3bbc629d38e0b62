module sitegen

go 1.26.8

require github.com/mozillazg/go-pinyin v0.21.0

require (
	github.com/goccy/go-yaml v1.19.2
	golang.org/x/net v0.60.0
	golang.org/x/text v0.43.0
)

require (
	github.com/rogpeppe/go-internal v1.16.0
	golang.org/x/sys v0.48.0 // indirect
	golang.org/x/tools v0.51.0 // indirect
)
