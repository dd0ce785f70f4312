package lang

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

//go:embed locales
var locales embed.FS

// catalogue is every message of every language, loaded once and never
// changed after: the bundle that prints them, and the parsed messages with
// their areas for the tests and IDs.
type catalogue struct {
	bundle   *i18n.Bundle
	messages map[Tag]map[string]*i18n.Message // by language, then id
	areas    map[Tag]map[string]string        // the area (file) of each id
	printers map[Tag]*Printer
	err      error // the first file that failed to load; its messages are missing
}

// loaded is the catalogue, loaded on first use. A broken embedded file is
// not a panic in production: its messages fall back to English or show the
// id in brackets, and TestCatalogueLoads fails.
var loaded = sync.OnceValue(load)

func load() *catalogue {
	c := &catalogue{
		bundle:   i18n.NewBundle(language.English),
		messages: map[Tag]map[string]*i18n.Message{},
		areas:    map[Tag]map[string]string{},
		printers: map[Tag]*Printer{},
	}
	for _, t := range All {
		c.messages[t] = map[string]*i18n.Message{}
		c.areas[t] = map[string]string{}
		files, err := fs.Glob(locales, "locales/"+string(t)+"/*.toml")
		if err != nil {
			c.fail(err)
			continue
		}
		for _, file := range files {
			c.fail(c.loadFile(t, file))
		}
	}
	c.messages[Pseudo] = map[string]*i18n.Message{}
	c.areas[Pseudo] = c.areas[EN]
	for id, m := range c.messages[EN] {
		c.messages[Pseudo][id] = pseudoMessage(m)
	}
	for _, t := range append(slices.Clone(All), Pseudo) {
		msgs := make([]*i18n.Message, 0, len(c.messages[t]))
		for _, m := range c.messages[t] {
			msgs = append(msgs, m)
		}
		c.fail(c.bundle.AddMessages(language.Make(string(t)), msgs...))
	}
	for _, t := range append(slices.Clone(All), Pseudo) {
		c.printers[t] = newPrinter(c.bundle, t)
	}
	return c
}

func (c *catalogue) loadFile(t Tag, file string) error {
	buf, err := locales.ReadFile(file)
	if err != nil {
		return err
	}
	msgs, err := i18n.ParseMessageBytes(buf, toml.Unmarshal)
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	area := strings.TrimSuffix(path.Base(file), ".toml")
	for _, m := range msgs {
		if _, dup := c.messages[t][m.ID]; dup {
			return fmt.Errorf("%s: %q is also in %s.toml", file, m.ID, c.areas[t][m.ID])
		}
		c.messages[t][m.ID] = m
		c.areas[t][m.ID] = area
	}
	return nil
}

func (c *catalogue) fail(err error) {
	if err != nil && c.err == nil {
		c.err = err
	}
}

// IDs lists the ids of an area (the file locales/en/<area>.toml), sorted:
// for a package's tests to check that its screens reach every message.
func IDs(area string) []string {
	var ids []string
	for id, a := range loaded().areas[EN] {
		if a == area {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids
}
