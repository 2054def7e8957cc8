# make test runs every check the project has; CI runs exactly this
# (.ci/run). Each step installs what it needs when it is missing.

GO ?= go

.PHONY: test check build fmt-check vet staticcheck gotest

test: check gotest

check: fmt-check vet staticcheck

build:
	$(GO) run ./cmd/briefing build

fmt-check:
	@out=$$(gofmt -l $$(find . -name '*.go' -not -path './node_modules/*')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...

# staticcheck is pinned as a tool in go.mod: "go tool" fetches and builds it.
staticcheck:
	$(GO) tool staticcheck ./...

gotest:
	$(GO) test ./...
