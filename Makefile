# make test runs every check the project has; CI runs exactly this
# (.ci/run). Each step installs what it needs when it is missing: the Go
# tools come through go.mod, Chromium, poppler and Java from Debian's
# packages, axe-core, vnu-jar and playwright-core from npm.

GO    ?= go
GATES := internal/gates
SUDO  := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
# A count, not a duration: go1.26's fuzzer can fail a duration run with a
# spurious "context deadline exceeded" as time runs out (go.dev/issue/75804).
FUZZTIME ?= 20000x

.PHONY: test check build fmt-check tidy-check vet staticcheck gotest fuzz gates deps bench bench-deps

test: check gotest fuzz gates

check: fmt-check tidy-check vet staticcheck

build:
	$(GO) run ./cmd/briefing build

fmt-check:
	@out=$$(gofmt -l $$(find . -name '*.go' -not -path '*/node_modules/*')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

# go.mod and go.sum say exactly what the code imports.
tidy-check:
	@out=$$($(GO) mod tidy -diff) || { echo "go mod tidy would change go.mod or go.sum:"; echo "$$out"; exit 1; }

vet:
	$(GO) vet ./...

# staticcheck is pinned as a tool in go.mod: "go tool" fetches and builds it.
staticcheck:
	$(GO) tool staticcheck ./...

# Tests write what people and the browser gates look at (the pages of the
# safe hostile cases, the breakout shapes) under BRIEFING_TEST_OUTPUT;
# without it they keep nothing.
export BRIEFING_TEST_OUTPUT ?= $(CURDIR)/test-output

gotest:
	$(GO) test ./...

# Each fuzz target for a few thousand inputs; a longer run is
#   go test ./internal/markdown -run '^$$' -fuzz '^FuzzConvert$$' -fuzztime 1000000x
# or FUZZTIME=200000x make fuzz.
fuzz:
	$(GO) test ./internal/load -run '^$$' -fuzz '^FuzzFrontMatter$$' -fuzztime $(FUZZTIME)
	$(GO) test ./internal/load -run '^$$' -fuzz '^FuzzDecode$$' -fuzztime $(FUZZTIME)
	$(GO) test ./internal/load -run '^$$' -fuzz '^FuzzLoadMeeting$$' -fuzztime $(FUZZTIME)
	$(GO) test ./internal/load -run '^$$' -fuzz '^FuzzLoadMinutes$$' -fuzztime $(FUZZTIME)
	$(GO) test ./internal/load -run '^$$' -fuzz '^FuzzDataset$$' -fuzztime $(FUZZTIME)
	$(GO) test ./internal/load -run '^$$' -fuzz '^FuzzSheet$$' -fuzztime $(FUZZTIME)
	$(GO) test ./internal/markdown -run '^$$' -fuzz '^FuzzConvert$$' -fuzztime $(FUZZTIME)
	$(GO) test ./internal/pagecheck -run '^$$' -fuzz '^FuzzStylesheet$$' -fuzztime $(FUZZTIME)
	$(GO) test ./internal/pagecheck -run '^$$' -fuzz '^FuzzPage$$' -fuzztime $(FUZZTIME)
	$(GO) test ./internal/render -run '^$$' -fuzz '^FuzzCSSString$$' -fuzztime $(FUZZTIME)

gates: deps
	cd $(GATES) && node --test --test-reporter=spec

deps:
	@if ! command -v chromium >/dev/null || ! command -v pdftotext >/dev/null || ! command -v java >/dev/null; then \
		echo "installing Chromium, poppler-utils and Java from Debian's packages"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends \
			chromium fonts-liberation poppler-utils default-jre-headless; \
	fi
	@if [ ! -d $(GATES)/node_modules/axe-core ] || [ ! -d $(GATES)/node_modules/playwright-core ] || [ ! -d $(GATES)/node_modules/vnu-jar ]; then \
		cd $(GATES) && npm ci --no-audit --no-fund --ignore-scripts; \
	fi

# make bench times Briefing and Hugo building a synthetic archive of N
# meetings, cold, RUNS times each (README, Benchmarks). It is not part of
# make test. The sites and the binary go to BENCH_DIR, which it replaces.
N         ?= 1000
RUNS      ?= 3
SEED      ?= 1
BENCH_DIR ?= $(or $(TMPDIR),/tmp)/briefing-bench

bench: bench-deps
	$(GO) build -o $(BENCH_DIR)-bin/briefing ./cmd/briefing
	$(GO) run ./internal/benchsite/bench -briefing $(BENCH_DIR)-bin/briefing -dir $(BENCH_DIR) -meetings $(N) -runs $(RUNS) -seed $(SEED)

# Hugo is measured against, never needed to build a site.
bench-deps:
	@if ! command -v hugo >/dev/null; then \
		echo "installing Hugo from Debian's packages"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends hugo; \
	fi
