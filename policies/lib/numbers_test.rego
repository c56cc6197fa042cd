package gpuarbiter.test.lib.numbers

import rego.v1

import data.gpuarbiter.lib.numbers

test_whole_number_has_no_decimals if {
	numbers.text(40) == "40"
	numbers.text(40.0) == "40"
}

test_decimals_drop_trailing_zeros if {
	numbers.text(8.5) == "8.5"
	numbers.text(0.25) == "0.25"
}

test_small_fraction_keeps_leading_zeros if {
	numbers.text(2.007) == "2.007"
	numbers.text(0.05) == "0.05"
}

test_three_decimals if {
	numbers.text(0.857) == "0.857"
}
