package ui

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/oauth-explorer/oauth-explorer/internal/safetext/safetexttest"
	"github.com/oauth-explorer/oauth-explorer/providers"
)

// hostileFile is a providers file whose names, issuers, clients, secret
// commands and problems hold the corpus: the file is the user's, but it
// may be shared or generated, and it is shown as it is.
func hostileFile(dir string) *providers.File {
	return &providers.File{
		Path: filepath.Join(dir, "providers.toml"),
		Entries: []providers.Entry{
			{Name: hostile, Line: 1, Issuer: hostile, ClientID: hostile, ClientSecretCommand: hostile},
			{Name: "preset-" + hostile, Line: 9, Preset: hostile, Fields: map[string]string{hostile: hostile}, ClientSecretEnv: hostile},
		},
		Problems: []providers.Problem{
			{Provider: "broken" + hostile, Line: 20, Message: hostile, Severity: providers.Error},
			{Provider: hostile, Line: 2, Message: hostile, Severity: providers.Warning},
			{Line: 30, Message: hostile, Severity: providers.Warning},
		},
	}
}

// TestHostilePickers shows a hostile providers file in the provider
// picker, the resolve of one of its entries (running its secret command,
// failing with a hostile error), the flow picker of a provider whose
// preparation fails, and a file that could not be read.
func TestHostilePickers(t *testing.T) {
	for _, size := range hostileSizes {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			w, h := size[0], size[1]
			cfg := testConfig(1200)
			cfg.ProvidersFile = hostileFile(t.TempDir())
			cfg.Presets = providers.Presets()
			cfg.Providers[0].Name, cfg.Providers[0].Description = hostile, hostile
			cfg.Providers[0].PrepareMessage = hostile
			cfg.Providers[0].Prepare = func(context.Context) error { return errors.New(hostile) }
			m := plainModel(cfg, w, h)
			requireSafe(t, "provider picker", m)
			for i := range m.providers.shown {
				mm := m.own()
				mm.providers.list.cursor = i
				requireSafe(t, fmt.Sprintf("provider picker, cursor on %d", i), mm)
			}
			f := update(m, press("/"), tea.PasteMsg{Content: hostile})
			requireSafe(t, "provider picker filtered by a hostile paste", f)

			m = update(m, entryChosenMsg{name: hostile})
			if m.providers.busy == "" {
				t.Fatal("choosing an entry of the file shows no progress")
			}
			requireSafe(t, "provider picker resolving an entry", m)
			m = update(m, resolveDoneMsg{id: m.nav.resolveID, name: hostile, err: errors.New(hostile)})
			requireSafe(t, "provider picker, the resolve failed", m)

			m = update(m, providerChosenMsg{index: 0}, flowChosenMsg{index: 0})
			requireSafe(t, "flow picker preparing the provider", m)
			m = update(m, prepareDoneMsg{id: m.prepareID, provider: 0, err: errors.New(hostile)})
			if m.flows.err == nil {
				t.Fatal("the preparation's error is not shown")
			}
			requireSafe(t, "flow picker, the preparation failed", m)

			cfg.ProvidersFile, cfg.ProvidersFileErr = nil, &providers.SyntaxError{Path: hostile, Line: 1, Column: 2, Message: hostile}
			requireSafe(t, "provider picker, the file cannot be read", plainModel(cfg, w, h))
			cfg.ProvidersFileErr = errors.New(hostile)
			requireSafe(t, "provider picker, the file cannot be opened", plainModel(cfg, w, h))
		})
	}
}

// TestHostileForms types (pastes) the corpus into every row of the
// add-provider form and the preset form, prefills a preset's fields with
// it from the command line, and asks to save hostile settings: the save
// prompt, then its failure.
func TestHostileForms(t *testing.T) {
	for _, size := range hostileSizes {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			w, h := size[0], size[1]
			cfg := testConfig(1200)
			cfg.Reveal = true
			cfg.ProvidersFile = hostileFile(t.TempDir())
			m := plainModel(cfg, w, h)

			add := update(m, addProviderMsg{})
			if add.screen != screenAdd {
				t.Fatalf("not on the add-provider form: screen %d", add.screen)
			}
			for i := range add.nav.add.form.rows {
				add = update(add, tea.PasteMsg{Content: hostile})
				requireSafe(t, fmt.Sprintf("add-provider form, row %d pasted", i), add)
				add = update(add, press("tab"))
			}
			add = update(add, press("enter"))
			requireSafe(t, "add-provider form with its error", add)

			p := providers.Provider{Name: hostile, Issuer: hostile, ClientID: hostile, ClientSecret: hostile, Scopes: safetexttest.Corpus,
				AuthMethod: hostile, RedirectURI: hostile, Preset: hostile}
			save := update(m, saveRequestMsg{provider: p, fields: map[string]string{hostile: hostile}, name: hostile})
			if save.screen != screenSave {
				t.Fatalf("not on the save prompt: screen %d", save.screen)
			}
			requireSafe(t, "save prompt", save)
			save = update(save, tea.PasteMsg{Content: hostile}, press("tab"))
			requireSafe(t, "save prompt, the secret question", save)
			save.nav.save.saving = true
			save = update(save, savedMsg{id: save.nav.save.id, err: errors.New(hostile)})
			requireSafe(t, "save prompt, saving failed", save)

			for _, preset := range providers.Presets() {
				pcfg := cfg
				pcfg.Presets = providers.Presets()
				pcfg.Preselect = preset.ID
				pcfg.PresetFields = map[string]string{}
				for _, f := range preset.Fields {
					pcfg.PresetFields[f.Name] = hostile
				}
				pm := plainModel(pcfg, w, h)
				if pm.screen != screenPreset {
					t.Fatalf("preset %s: not on its form: screen %d", preset.ID, pm.screen)
				}
				requireSafe(t, "preset form "+preset.ID, pm)
				pm = update(pm, tea.PasteMsg{Content: hostile}, press("enter"))
				requireSafe(t, "preset form "+preset.ID+" with its error", pm)
			}
		})
	}
}

// TestHostileDecoder pastes a token whose header and claims hold the
// corpus, and text that is no token, into the decoder, gives a hostile
// issuer, and shows a verification whose checks quote the corpus.
func TestHostileDecoder(t *testing.T) {
	for _, size := range hostileSizes {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			m := update(plainModel(testConfig(1200), size[0], size[1]), press("t"))
			if m.screen != screenDecode {
				t.Fatalf("t did not open the decoder: screen %d", m.screen)
			}
			for _, paste := range []string{hostile, "a." + hostile + ".c", "eyJhbGciOiJub25lIn0." + hostile + "."} {
				bad := update(m, tea.PasteMsg{Content: paste})
				requireSafe(t, fmt.Sprintf("decoder given %q", paste), bad)
			}
			m = update(m, tea.PasteMsg{Content: hostileJWT()})
			if m.decode.tok == nil {
				t.Fatalf("the hostile token was not decoded: %v", m.decode.err)
			}
			requireSafe(t, "decoder with a hostile token", m)
			m = update(m, press("tab"), tea.PasteMsg{Content: "https://idp.example/" + hostile}, press("enter"))
			if m.decode.verifyID == 0 {
				t.Fatal("enter did not start the verification")
			}
			requireSafe(t, "decoder verifying with a hostile issuer", m)
			m = update(m, decodeVerifiedMsg{id: m.decode.verifyID, checks: hostileChecks()})
			requireSafe(t, "decoder with hostile checks", m)
		})
	}
}
