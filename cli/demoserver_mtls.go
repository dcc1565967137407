package cli

import (
	"fmt"
	"os"

	"github.com/oauth-explorer/oauth-explorer/providers/demo"
)

// writeMTLS writes what a client of the demo's mutual TLS needs (RFC
// 8705): the CA certificate to trust and each mTLS client's certificate
// and private key, the keys with mode 0600. They are made for this run of
// the process, so they work with this demo-server only.
func writeMTLS(st Streams, prefix string, force bool) error {
	ca := prefix + "-ca.pem"
	if err := writeFile(ca, []byte(demo.CACertPEM()), force); err != nil {
		return err
	}
	for _, c := range []struct{ id, name string }{{demo.MTLSClientID, "client"}, {demo.MTLSSelfClientID, "self"}} {
		cert, key, err := demo.MTLSCredentials(c.id)
		if err != nil {
			return err
		}
		certFile, keyFile := prefix+"-"+c.name+".pem", prefix+"-"+c.name+"-key.pem"
		if err := writeFile(certFile, []byte(cert), force); err != nil {
			return err
		}
		if err := writePrivate(keyFile, []byte(key), force); err != nil {
			return err
		}
		printLine(st.Err, "wrote the certificate of %s to %s and its key to %s (mode 0600): --client-id %s --client-cert %s --client-key %s --ca-file %s",
			c.id, certFile, keyFile, c.id, certFile, keyFile, ca)
	}
	return nil
}

// writeFile writes a public file (a certificate), refusing to replace one
// unless force.
func writeFile(path string, data []byte, force bool) error {
	flag := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if force {
		flag = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	f, err := os.OpenFile(path, flag, 0o644)
	if os.IsExist(err) {
		return fmt.Errorf("%s exists: give --force to overwrite it", path)
	}
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
