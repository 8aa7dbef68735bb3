# The few verbs people use. Each installs what is missing first (scripts/install-deps.sh).
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: deps build demo test test-sanitize deb bench fuzz format format-check tidy clean

deps:
	@scripts/install-deps.sh

$(BUILD)/build.ninja: CMakeLists.txt
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release -DKITWATCH_WERROR=ON $(CMAKE_FLAGS)

build: deps $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

# Assess the bundled example against the UK Huawei rules as of 2028-01-01, with its topology:
# prints the summary, writes the self-contained HTML report to out/report.html.
demo: build
	@mkdir -p out
	$(BUILD)/src/kitwatch assess examples/small/inventory.csv --as-of 2028-01-01 \
	  --links examples/small/links.csv --demands examples/small/demands.csv \
	  --policy uk-huawei-dvd --format html -o out/report.html

test: build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

# A Debian package of the build (binary, manual page, docs, examples): $(BUILD)/kitwatch_*.deb.
# Install it with `apt install ./build/kitwatch_VERSION_ARCH.deb`.
deb: build
	cd $(BUILD) && cpack -G DEB

# The whole suite under AddressSanitizer and UndefinedBehaviorSanitizer (CI runs it too).
test-sanitize: deps
	cmake -S . -B $(BUILD)-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKITWATCH_WERROR=ON -DKITWATCH_SANITIZE=ON
	cmake --build $(BUILD)-asan -j $(JOBS)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --test-dir $(BUILD)-asan --output-on-failure -j $(JOBS)

bench:
	@scripts/install-deps.sh --bench
	cmake -S . -B $(BUILD)-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DKITWATCH_BUILD_BENCH=ON -DKITWATCH_BUILD_TESTS=OFF
	cmake --build $(BUILD)-bench -j $(JOBS)
	bench/run.sh $(BUILD)-bench

FUZZ_SECONDS ?= 60
FUZZ_JOBS ?= 1

# Fuzz every parser for FUZZ_SECONDS each (needs clang: scripts/install-deps.sh --fuzz).
fuzz:
	@scripts/install-deps.sh --fuzz
	JOBS=$(FUZZ_JOBS) fuzz/run.sh $(FUZZ_SECONDS)

format:
	clang-format -i $$(git ls-files '*.cc' '*.h')

format-check:
	clang-format --dry-run --Werror $$(git ls-files '*.cc' '*.h')

tidy: build
	clang-tidy -p $(BUILD) --quiet --extra-arg=-Wno-unknown-warning-option $$(git ls-files 'src/*.cc' | grep -v _test.cc)

clean:
	rm -rf $(BUILD) $(BUILD)-bench out
