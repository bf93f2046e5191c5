package main

import (
	"crypto/tls"
	"errors"
	"fmt"
	"sync/atomic"
)

// errTLS is matched (errors.Is) by errors about -tls-cert and -tls-key.
var errTLS = errors.New("bad TLS certificate or key")

// certificate is the service's TLS certificate, read from its files at
// start and again on SIGHUP, so that a renewed certificate is served
// without a restart. It is safe for concurrent use.
type certificate struct {
	certFile, keyFile string
	cur               atomic.Pointer[tls.Certificate]
}

// loadCertificate reads a PEM certificate chain and its key.
func loadCertificate(certFile, keyFile string) (*certificate, error) {
	c := &certificate{certFile: certFile, keyFile: keyFile}
	if err := c.reload(); err != nil {
		return nil, err
	}
	return c, nil
}

// reload reads the files again; on failure the certificate in service
// stays.
func (c *certificate) reload() error {
	kp, err := tls.LoadX509KeyPair(c.certFile, c.keyFile)
	if err != nil {
		return fmt.Errorf("%w: %w", errTLS, err)
	}
	c.cur.Store(&kp)
	return nil
}

// config is the server's TLS configuration: TLS 1.2 or later, the
// certificate in service.
func (c *certificate) config() *tls.Config {
	return &tls.Config{
		MinVersion: tls.VersionTLS12,
		GetCertificate: func(*tls.ClientHelloInfo) (*tls.Certificate, error) {
			return c.cur.Load(), nil
		},
	}
}
