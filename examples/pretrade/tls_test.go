package main

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/prometheus/common/expfmt"
)

// writeCert writes a self-signed certificate for 127.0.0.1 with the
// serial number into dir, and returns the files and the certificate.
func writeCert(t *testing.T, dir string, serial int64) (certFile, keyFile string, cert *x509.Certificate) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(serial), Subject: pkix.Name{CommonName: "pretrade test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, IsCA: true, BasicConstraintsValid: true}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder}), 0o600); err != nil {
		t.Fatal(err)
	}
	cert, err = x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return certFile, keyFile, cert
}

// TestTLS serves HTTPS with -tls-cert and -tls-key, refuses plain HTTP,
// and serves a renewed certificate after SIGHUP.
func TestTLS(t *testing.T) {
	dir := t.TempDir()
	certFile, keyFile, first := writeCert(t, dir, 1)
	base, hup, stop := runService(t, "-tls-cert", certFile, "-tls-key", keyFile, "-tokens", writeTokens(t, goodTokens, 0o600))
	if !bytes.HasPrefix([]byte(base), []byte("https://")) {
		t.Fatalf("listening on %s, want https", base)
	}
	serial := func(trust *x509.Certificate) (int64, int) {
		pool := x509.NewCertPool()
		pool.AddCert(trust)
		c := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}, DisableKeepAlives: true}}
		resp, err := c.Get(base + "/healthz")
		if err != nil {
			return 0, 0
		}
		resp.Body.Close()
		return resp.TLS.PeerCertificates[0].SerialNumber.Int64(), resp.StatusCode
	}
	if got, status := serial(first); got != 1 || status != 200 {
		t.Fatalf("serial %d, status %d; want certificate 1 and 200", got, status)
	}
	// Plain HTTP on the TLS port is not served.
	plain := "http" + base[len("https"):]
	if resp, err := http.Get(plain + "/healthz"); err == nil {
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			t.Error("plain HTTP answered 200 on the TLS port")
		}
	}
	// A renewed certificate is served after SIGHUP; a broken one is not.
	_, _, second := writeCert(t, dir, 2)
	hup <- syscall.SIGHUP
	deadline := time.Now().Add(10 * time.Second)
	for {
		if got, _ := serial(second); got == 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the renewed certificate was never served")
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err := os.WriteFile(certFile, []byte("not a certificate"), 0o644); err != nil {
		t.Fatal(err)
	}
	hup <- syscall.SIGHUP
	pool := x509.NewCertPool()
	pool.AddCert(second)
	c := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	for deadline := time.Now().Add(10 * time.Second); ; {
		resp, err := c.Get(base + "/metrics")
		if err != nil {
			t.Fatal(err)
		}
		var p expfmt.TextParser
		fams, err := p.TextToMetricFamilies(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		if value(fams, "investscreen_reloads_total", map[string]string{"trigger": "certificate", "result": "failed"}) == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no failed certificate reload counted")
		}
		time.Sleep(5 * time.Millisecond)
	}
	if got, status := serial(second); got != 2 || status != 200 {
		t.Errorf("after a broken certificate file: serial %d, status %d; want certificate 2 still served", got, status)
	}
	if code := stop(); code != exitOK {
		t.Errorf("exit %d", code)
	}
}

func TestTLSFlags(t *testing.T) {
	dir := t.TempDir()
	certFile, keyFile, _ := writeCert(t, dir, 1)
	_, otherKey, _ := writeCert(t, t.TempDir(), 2)
	for _, tt := range []struct {
		name string
		args []string
	}{
		{"cert without key", []string{"-tls-cert", certFile}},
		{"key without cert", []string{"-tls-key", keyFile}},
		{"key of another certificate", []string{"-tls-cert", certFile, "-tls-key", otherKey}},
		{"missing files", []string{"-tls-cert", filepath.Join(dir, "none"), "-tls-key", keyFile}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var stderr bytes.Buffer
			if code := run(context.Background(), tt.args, &stderr, nil); code != exitUsage {
				t.Errorf("exit %d, want %d: %s", code, exitUsage, stderr.String())
			}
		})
	}
}
