# Numbers as message text, identical in every evaluator: sprintf's %v prints 40.0 as "40" in
# OPA's Go runtime but "40.0" through opa-java-wasm, and the dual-mode test requires equal
# messages. Up to three decimals, trailing zeros dropped; non-negative numbers only.
package gpuarbiter.lib.numbers

import rego.v1

text(x) := format_int(x, 10) if x == floor(x)

text(x) := concat(".", [format_int(floor(x), 10), trim_right(thousandths(x), "0")]) if x != floor(x)

thousandths(x) := padded if {
	n := round((x - floor(x)) * 1000)
	digits := format_int(n, 10)
	padded := concat("", [substring("000", 0, 3 - count(digits)), digits])
}
