package ui

import "testing"

// BenchmarkStepView renders the step view at 120x40 on the Claims tab of a
// flow whose token response is about 4 KB.
func BenchmarkStepView(b *testing.B) {
	m := atSteps(b, testConfig(4096), 120, 40)
	m = drive(b, m, press("4"))
	if n := len(m.steps.results[1].Token.JSON); n < 4000 || n > 4400 {
		b.Fatalf("token response is %d bytes, want about 4 KB", n)
	}
	b.ReportAllocs()
	for b.Loop() {
		_ = m.View()
	}
}

// BenchmarkStepViewSwitchTab measures a tab switch: the content of the
// viewport is rebuilt (masking, wrapping) and the view rendered.
func BenchmarkStepViewSwitchTab(b *testing.B) {
	m := atSteps(b, testConfig(4096), 120, 40)
	b.ReportAllocs()
	tabs := keys("3", "4")
	i := 0
	for b.Loop() {
		next, _ := m.Update(tabs[i%2])
		m = next.(Model)
		_ = m.View()
		i++
	}
}
