package ui

import (
	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/textinput"
	"charm.land/lipgloss/v2"
)

// Styles holds every style the TUI renders with. Views take their styles
// from here and never build their own, so that a light or dark terminal (and
// NO_COLOR, which the program's colour profile applies on output) is handled
// in one place.
type Styles struct {
	// Screen chrome.
	Title    lipgloss.Style // program name in the header
	Heading  lipgloss.Style // screen or section heading
	Subtle   lipgloss.Style // secondary text: issuer, descriptions, roles
	Badge    lipgloss.Style // warning badge in the header ("alg:none")
	Notice   lipgloss.Style // transient status message
	Error    lipgloss.Style // an error sentence
	ErrLabel lipgloss.Style // "Error" label in front of it
	Success  lipgloss.Style
	Warn     lipgloss.Style

	// Lists (provider and flow pickers, client choice).
	Cursor       lipgloss.Style // the "›" in front of the selected item
	Item         lipgloss.Style
	ItemSelected lipgloss.Style
	ItemDesc     lipgloss.Style

	// Settings form.
	Label        lipgloss.Style
	LabelFocused lipgloss.Style
	Value        lipgloss.Style // read-only values and cycling choices
	Hint         lipgloss.Style

	// Step view.
	PaneTitle        lipgloss.Style // "Steps" heading when not focused
	PaneTitleFocused lipgloss.Style
	Rule             lipgloss.Style // light rule under a pane heading
	RuleFocused      lipgloss.Style // heavy rule under the focused pane
	Separator        lipgloss.Style // vertical line between the panes
	Tab              lipgloss.Style
	TabActive        lipgloss.Style
	StepTitle        lipgloss.Style
	StepSelected     lipgloss.Style // selected step, timeline not focused
	StepCurrent      lipgloss.Style // selected step, timeline focused
	StepRoles        lipgloss.Style
	GlyphDone        lipgloss.Style
	GlyphRunning     lipgloss.Style
	GlyphFailed      lipgloss.Style
	GlyphPending     lipgloss.Style
	GlyphSkipped     lipgloss.Style
	ExchangeTitle    lipgloss.Style // "── 1/2 GET https://… ──" above an exchange
	Section          lipgloss.Style // section headings inside a tab
	Key              lipgloss.Style // claim names, field names
	Link             lipgloss.Style // a URL to open (also an OSC 8 hyperlink)
	UserCode         lipgloss.Style // the code to enter on another device
	Secret           lipgloss.Style // the reveal indicator when secrets show
	// QR draws a QR code's half blocks (internal/qrtext) in black and
	// white whatever the theme; QRInkDark says which modules the blocks
	// are, so that with the colours stripped (NO_COLOR) the terminal's
	// own foreground still draws dark modules dark: the dark ones on a
	// light terminal, the light ones on a dark terminal.
	QR        lipgloss.Style
	QRInkDark bool

	// Verification checklist.
	CheckPass lipgloss.Style
	CheckFail lipgloss.Style
	CheckWarn lipgloss.Style
	CheckSkip lipgloss.Style

	Spinner   lipgloss.Style
	Help      help.Styles
	TextInput textinput.Styles
}

// DefaultStyles returns the styles for a dark (isDark) or light terminal
// background. Colours are only foregrounds and attributes: the terminal's
// own background shows through, and a terminal without colour (NO_COLOR, a
// dumb terminal) keeps a readable layout because every state also has a
// glyph or a marker.
func DefaultStyles(isDark bool) Styles {
	ld := lipgloss.LightDark(isDark)
	var (
		accent  = ld(lipgloss.Color("#5A3FD6"), lipgloss.Color("#A48BFF"))
		subtle  = ld(lipgloss.Color("#6C6C6C"), lipgloss.Color("#8A8A8A"))
		faint   = ld(lipgloss.Color("#A8A8A8"), lipgloss.Color("#5C5C5C"))
		green   = ld(lipgloss.Color("#1F7A35"), lipgloss.Color("#6BD68A"))
		red     = ld(lipgloss.Color("#B3261E"), lipgloss.Color("#FF7A72"))
		yellow  = ld(lipgloss.Color("#8A5A00"), lipgloss.Color("#E8C06A"))
		cyan    = ld(lipgloss.Color("#006C80"), lipgloss.Color("#6FD0E0"))
		text    = ld(lipgloss.Color("#1E1E1E"), lipgloss.Color("#E6E6E6"))
		base    = lipgloss.NewStyle()
		bold    = base.Bold(true)
		accentB = bold.Foreground(accent)
	)
	s := Styles{
		Title:    accentB,
		Heading:  bold.Foreground(text),
		Subtle:   base.Foreground(subtle),
		Badge:    bold.Foreground(yellow).Reverse(true),
		Notice:   base.Foreground(cyan),
		Error:    base.Foreground(red),
		ErrLabel: bold.Foreground(red),
		Success:  base.Foreground(green),
		Warn:     base.Foreground(yellow),

		Cursor:       accentB,
		Item:         base.Foreground(text),
		ItemSelected: accentB,
		ItemDesc:     base.Foreground(subtle),

		Label:        base.Foreground(subtle),
		LabelFocused: accentB,
		Value:        base.Foreground(text),
		Hint:         base.Foreground(subtle).Italic(true),

		PaneTitle:        base.Foreground(subtle),
		PaneTitleFocused: accentB,
		Rule:             base.Foreground(faint),
		RuleFocused:      base.Foreground(accent),
		Separator:        base.Foreground(faint),
		Tab:              base.Foreground(subtle),
		TabActive:        accentB,
		StepTitle:        base.Foreground(text),
		StepSelected:     bold.Foreground(text),
		StepCurrent:      accentB.Reverse(true),
		StepRoles:        base.Foreground(subtle),
		GlyphDone:        base.Foreground(green),
		GlyphRunning:     base.Foreground(cyan),
		GlyphFailed:      bold.Foreground(red),
		GlyphPending:     base.Foreground(subtle),
		GlyphSkipped:     base.Foreground(subtle),
		ExchangeTitle:    bold.Foreground(cyan),
		Section:          bold.Foreground(accent),
		Key:              base.Foreground(cyan),
		Link:             base.Foreground(cyan).Underline(true),
		UserCode:         bold.Foreground(text),
		Secret:           bold.Foreground(yellow),

		CheckPass: base.Foreground(green),
		CheckFail: bold.Foreground(red),
		CheckWarn: base.Foreground(yellow),
		CheckSkip: base.Foreground(subtle),

		Spinner:   base.Foreground(cyan),
		Help:      help.DefaultStyles(isDark),
		TextInput: textinput.DefaultStyles(isDark),
	}
	s.QR, s.QRInkDark = base.Foreground(lipgloss.Color("#FFFFFF")).Background(lipgloss.Color("#000000")), false
	if !isDark {
		s.QR, s.QRInkDark = base.Foreground(lipgloss.Color("#000000")).Background(lipgloss.Color("#FFFFFF")), true
	}
	s.TextInput.Focused.Prompt = base.Foreground(accent)
	s.TextInput.Blurred.Prompt = base.Foreground(faint)
	return s
}
