module github.com/investscreen/investscreen

go 1.21

require (
	github.com/google/go-cmp v0.7.0
	github.com/shopspring/decimal v1.6.0
)

require golang.org/x/text v0.11.0
