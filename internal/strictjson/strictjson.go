// Package strictjson decodes JSON objects the way a compliance contract
// needs: every key exactly as the contract spells it (case-sensitive, no
// Unicode folding), at most once, and none unknown. encoding/json alone
// matches keys case-insensitively, with folding, and lets the last of
// duplicate keys win, so that "US_PERSON", "uſ_perſon" or a second
// "us_person" can change what is screened behind a reviewer's back.
package strictjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/internal/printable"
)

// ErrSyntax, ErrUnknown, ErrDuplicate and ErrType are matched (errors.Is)
// by the causes of the errors Object returns.
var (
	ErrSyntax    = errors.New("malformed JSON")
	ErrUnknown   = errors.New("unknown field")
	ErrDuplicate = errors.New("duplicate field")
	ErrType      = errors.New("wrong JSON type")
)

// fieldError is an error at field (a path from the decoded value,
// "orders[2].quantity"; empty for the value itself): a *holdings.ParseError
// whose cause matches holdings.ErrInput. Its message never repeats a value
// from the input; an unknown key is quoted escaped and cut to 64 bytes.
func fieldError(field string, err error) error {
	return &holdings.ParseError{Field: field, Err: inputError{err}}
}

// inputError marks a cause as bad input (holdings.ErrInput) without
// changing its text.
type inputError struct{ err error }

func (e inputError) Error() string   { return e.err.Error() }
func (e inputError) Unwrap() []error { return []error{holdings.ErrInput, e.err} }

// At returns err placed under prefix: a *holdings.ParseError's field gets
// prefix in front ("orders[2]" + "quantity" = "orders[2].quantity");
// another error becomes a *holdings.ParseError at prefix.
func At(prefix string, err error) error {
	if err == nil {
		return nil
	}
	var pe *holdings.ParseError
	if errors.As(err, &pe) {
		f := pe.Field
		switch {
		case prefix == "":
		case f == "":
			f = prefix
		case strings.HasPrefix(f, "["):
			f = prefix + f
		default:
			f = prefix + "." + f
		}
		c := *pe
		c.Field = f
		return &c
	}
	return fieldError(prefix, err)
}

// Object decodes the JSON object in data: for each key, set is called
// with the key and its raw value, once. A key for which set returns
// ErrUnknown, a key met twice, a value that is not an object, or anything
// after it, is an error. Errors returned by set are placed at the key.
func Object(data []byte, set func(key string, raw json.RawMessage) error) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := object(dec, set); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return fieldError("", fmt.Errorf("%w: data after the JSON object", ErrSyntax))
	}
	return nil
}

// Decode reads one JSON object from r as Object does, reading at most what
// r gives (bound it with io.LimitReader or http.MaxBytesReader). A read
// error is returned wrapped, so that errors.As finds it
// (*http.MaxBytesError).
func Decode(r io.Reader, set func(key string, raw json.RawMessage) error) error {
	dec := json.NewDecoder(r)
	dec.UseNumber()
	if err := object(dec, set); err != nil {
		return err
	}
	switch _, err := dec.Token(); {
	case err == io.EOF:
		return nil
	case err == nil:
		return fieldError("", fmt.Errorf("%w: data after the JSON object", ErrSyntax))
	default:
		return syntax(err)
	}
}

func object(dec *json.Decoder, set func(key string, raw json.RawMessage) error) error {
	tok, err := dec.Token()
	if err != nil {
		return syntax(err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return fieldError("", fmt.Errorf("%w: want a JSON object, not %s", ErrType, kind(tok)))
	}
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return syntax(err)
		}
		key, _ := tok.(string)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return syntax(err)
		}
		if seen[key] {
			return fieldError(quote(key), ErrDuplicate)
		}
		seen[key] = true
		if err := set(key, raw); err != nil {
			if err == ErrUnknown { // not one from a nested object, already placed
				return fieldError(quote(key), ErrUnknown)
			}
			return At(key, err)
		}
	}
	if _, err := dec.Token(); err != nil { // the closing brace
		return syntax(err)
	}
	return nil
}

// syntax wraps a decoding error: a read error stays matchable, JSON
// syntax becomes ErrSyntax with the offset only.
func syntax(err error) error {
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		return fieldError("", fmt.Errorf("%w at byte %d", ErrSyntax, se.Offset))
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return fieldError("", fmt.Errorf("%w: the body ends early", ErrSyntax))
	}
	return fieldError("", fmt.Errorf("%w: %w", ErrSyntax, err))
}

// quote names an unknown key safely: escaped, at most 64 bytes.
func quote(key string) string {
	if len(key) > 64 {
		key = key[:64]
	}
	return strings.Trim(fmt.Sprintf("%+q", key), `"`)
}

func kind(tok json.Token) string {
	switch tok.(type) {
	case json.Delim:
		return "an array"
	case string:
		return "a string"
	case json.Number, float64:
		return "a number"
	case bool:
		return "a boolean"
	case nil:
		return "null"
	}
	return "a value"
}

// ErrInvisible is the cause when a string holds a character a reader
// cannot see (printable.Invisible): a control, a bidirectional override,
// a zero-width or byte-order mark. It is refused, as the CSV readers
// refuse it, rather than screened as part of a value.
var ErrInvisible = errors.New("invisible character")

// String decodes raw as a JSON string (null is refused), without invisible
// characters.
func String(raw json.RawMessage) (string, error) {
	var s string
	if len(raw) == 0 || raw[0] != '"' || json.Unmarshal(raw, &s) != nil {
		return "", fmt.Errorf("%w: want a JSON string", ErrType)
	}
	for _, r := range s {
		if printable.Invisible(r) || r == '\n' || r == '\r' || r == '\t' {
			return "", fmt.Errorf("%w: %U in the string", ErrInvisible, r)
		}
	}
	return s, nil
}

// Bool decodes raw as a JSON boolean (null is refused).
func Bool(raw json.RawMessage) (bool, error) {
	switch string(bytes.TrimSpace(raw)) {
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	return false, fmt.Errorf("%w: want a JSON boolean", ErrType)
}

// Array decodes raw as a JSON array of at most max elements, calling each
// with the index and raw element; errors are placed at "[i]". An array
// longer than max is an error wrapping tooMany, before any element is
// looked at.
func Array(raw json.RawMessage, max int, tooMany error, each func(i int, raw json.RawMessage) error) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return syntax(err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return fmt.Errorf("%w: want a JSON array, not %s", ErrType, kind(tok))
	}
	var els []json.RawMessage
	for i := 0; dec.More(); i++ {
		if i >= max {
			return fmt.Errorf("%w: at most %d elements", tooMany, max)
		}
		var el json.RawMessage
		if err := dec.Decode(&el); err != nil {
			return syntax(err)
		}
		els = append(els, el)
	}
	for i, el := range els {
		if err := each(i, el); err != nil {
			return At(fmt.Sprintf("[%d]", i), err)
		}
	}
	return nil
}
