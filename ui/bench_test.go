package ui

import "testing"

// BenchmarkStepView renders the step view at 120x40 on the Claims tab of a
// flow whose token response is about 4 KB (the budget: under 1 ms a frame).
func BenchmarkStepView(b *testing.B) { benchStepView(b, 4096, "4") }

// BenchmarkStepView64K renders the Response tab of a flow whose token
// response is about 64 KB: the largest a real server sends.
func BenchmarkStepView64K(b *testing.B) { benchStepView(b, 64<<10, "3") }

func benchStepView(b *testing.B, size int, tab string) {
	m := atSteps(b, testConfig(size), 120, 40)
	m = drive(b, m, press(tab))
	if n := len(m.steps.results[1].Token.JSON); n < size-100 || n > size+400 {
		b.Fatalf("token response is %d bytes, want about %d", n, size)
	}
	b.ReportAllocs()
	for b.Loop() {
		_ = m.View()
	}
}

// BenchmarkStepViewSwitchTab measures a tab switch: the content of the
// viewport is rebuilt (masking, wrapping) and the view rendered.
func BenchmarkStepViewSwitchTab(b *testing.B) { benchSwitchTab(b, 4096) }

// BenchmarkStepViewSwitchTab64K is the same with a 64 KB token response.
func BenchmarkStepViewSwitchTab64K(b *testing.B) { benchSwitchTab(b, 64<<10) }

func benchSwitchTab(b *testing.B, size int) {
	m := atSteps(b, testConfig(size), 120, 40)
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

// BenchmarkStepViewSwitchExplain switches between the Explain and the
// Request tab: the Explain tab lists what the step sent and received with
// the values flows read (Result.Sent, Received).
func BenchmarkStepViewSwitchExplain(b *testing.B) {
	m := atSteps(b, testConfig(4096), 120, 40)
	b.ReportAllocs()
	tabs := keys("1", "2")
	i := 0
	for b.Loop() {
		next, _ := m.Update(tabs[i%2])
		m = next.(Model)
		_ = m.View()
		i++
	}
}
