// Command lcpbench serves built domain folders the way a host deploys
// them, so that Lighthouse measures the consent widget's cost in Largest
// Contentful Paint on something close to production (HTTPS, HTTP/2,
// compression, the build's headers) rather than on a plain HTTP/1.1
// server without compression, whose extra round trips and bytes change
// what Lighthouse's simulated throttling estimates (see README, Speed):
//
//	go run ./internal/lcpbench/cmd/lcpbench [-port 8443] DIR [DIR...]
//
// Each DIR (a domain folder of a build, e.g. public/acme24.de) is served
// on its own port, counting up from -port, over HTTPS with HTTP/2 and a
// self-signed ECDSA P-256 certificate made at start (for 127.0.0.1, ::1
// and localhost; tell Chromium --ignore-certificate-errors). Text
// responses are gzipped (once, at start), and every response gets the
// headers the folder's _headers file gives its path. The folders are
// read into memory at start; a rebuild needs a restart.
package main

import (
	"bytes"
	"compress/gzip"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"math/big"
	"mime"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/charter-ssg/charter/internal/headers"
)

func main() {
	port := flag.Int("port", 8443, "port of the first folder; the next ones count up from it")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: lcpbench [-port 8443] DIR [DIR...]")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() == 0 {
		flag.Usage()
		os.Exit(2)
	}
	cert, err := selfSigned()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	errc := make(chan error, flag.NArg())
	for i, dir := range flag.Args() {
		s, err := load(dir)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(*port+i))
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Printf("https://%s/ %s (%d files)\n", addr, dir, len(s.files))
		go func() { errc <- newServer(s, cert).ServeTLS(ln, "", "") }()
	}
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt)
	select {
	case err := <-errc:
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	case <-stop:
	}
}

// newServer is an http.Server for s with cert. Its ServeTLS speaks
// HTTP/2 (net/http's own h2, offered first by ALPN) and HTTP/1.1.
func newServer(s *site, cert tls.Certificate) *http.Server {
	return &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		TLSConfig:         &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12},
	}
}

// selfSigned makes a certificate for 127.0.0.1, ::1 and localhost, valid
// for a day.
func selfSigned() (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	if err != nil {
		return tls.Certificate{}, err
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: "lcpbench"},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		DNSNames:              []string{"localhost"},
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, err
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, nil
}

// file is one file of the folder, with its gzip form for text types.
type file struct {
	data, gz []byte
	ctype    string
}

// site is a domain folder held in memory, with its _headers.
type site struct {
	files   map[string]*file // URL path ("/privacy/index.html") -> file
	headers headers.File
}

func load(dir string) (*site, error) {
	s := &site{files: map[string]*file{}}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		urlPath := "/" + filepath.ToSlash(rel)
		switch urlPath {
		case "/_headers":
			s.headers, err = headers.Parse(data)
			return err
		case "/_redirects", "/manifest.json":
			return nil // the host reads them; it does not serve them
		}
		f := &file{data: data, ctype: mime.TypeByExtension(path.Ext(urlPath))}
		if f.ctype == "" {
			f.ctype = http.DetectContentType(data)
		}
		if compressible(f.ctype) {
			var b bytes.Buffer
			zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
			zw.Write(data)
			zw.Close()
			if b.Len() < len(data) {
				f.gz = b.Bytes()
			}
		}
		s.files[urlPath] = f
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	if len(s.files) == 0 {
		return nil, errors.New(dir + ": no files")
	}
	return s, nil
}

func compressible(ctype string) bool {
	t, _, _ := strings.Cut(ctype, ";")
	return strings.HasPrefix(t, "text/") || t == "application/javascript" ||
		t == "application/json" || t == "application/xml" || t == "image/svg+xml" ||
		strings.HasSuffix(t, "+json") || strings.HasSuffix(t, "+xml")
}

// ServeHTTP serves the file at the request's path (index.html for a
// folder), with the headers _headers gives the path; a folder asked for
// without its slash is redirected to it, and anything else gets 404.html
// with status 404.
func (s *site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	urlPath := path.Clean("/" + r.URL.Path)
	name := urlPath
	if strings.HasSuffix(r.URL.Path, "/") || urlPath == "/" {
		name = path.Join(urlPath, "index.html")
	}
	f, ok := s.files[name]
	if !ok && urlPath != "/" && s.files[urlPath+"/index.html"] != nil {
		s.setHeaders(w, urlPath+"/")
		http.Redirect(w, r, urlPath+"/", http.StatusMovedPermanently)
		return
	}
	status := http.StatusOK
	if !ok {
		status, urlPath = http.StatusNotFound, "/404.html"
		if f, ok = s.files[urlPath]; !ok {
			http.NotFound(w, r)
			return
		}
	}
	s.setHeaders(w, urlPath)
	h := w.Header()
	h.Set("Content-Type", f.ctype)
	body := f.data
	if f.gz != nil {
		h.Add("Vary", "Accept-Encoding")
		if acceptsGzip(r.Header.Get("Accept-Encoding")) {
			h.Set("Content-Encoding", "gzip")
			body = f.gz
		}
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

func (s *site) setHeaders(w http.ResponseWriter, urlPath string) {
	h := w.Header()
	for k, v := range s.headers.For(urlPath) {
		h[k] = v
	}
}

// acceptsGzip reports whether an Accept-Encoding value allows gzip
// (named without q=0).
func acceptsGzip(ae string) bool {
	for _, part := range strings.Split(ae, ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(coding), "gzip") {
			continue
		}
		q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
		return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
	}
	return false
}
