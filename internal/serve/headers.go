package serve

import "net/http"

// securityHeaders are the headers netlify.toml sets on every response of
// the published site ([[headers]] for = "/*"), so that the preview runs
// under the same policy: a page that breaks the Content-Security-Policy
// breaks here first. TestSecurityHeadersMatchNetlify keeps the two in step.
var securityHeaders = [...][2]string{
	{"Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"},
	{"X-Content-Type-Options", "nosniff"},
	{"Referrer-Policy", "strict-origin-when-cross-origin"},
	{"X-Frame-Options", "DENY"},
	{"Permissions-Policy", "camera=(), microphone=(), geolocation=()"},
}

// SecurityHeaders returns a copy of the security headers every response
// carries (every response also carries Cache-Control: no-store).
func SecurityHeaders() http.Header {
	h := http.Header{}
	for _, kv := range securityHeaders {
		h.Set(kv[0], kv[1])
	}
	return h
}

func setHeaders(h http.Header) {
	for _, kv := range securityHeaders {
		h.Set(kv[0], kv[1])
	}
	// The preview changes with every build: never reuse a response.
	h.Set("Cache-Control", "no-store")
}
