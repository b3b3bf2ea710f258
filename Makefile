# 安标 anbiao — the two commands of the README: `make site` and `make test`.
# Works on a machine with only python3 and make: everything else is installed here.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: site test check index lint browser-deps clean help

help:
	@echo "make site   建立虚拟环境、校验内容、建索引并生成站点 site/"
	@echo "make test   代码检查 + 内容校验 + 全部测试（含真实浏览器测试）"

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

check: $(STAMP)
	$(BIN)/anbiao check

index: $(STAMP)
	$(BIN)/anbiao index

site: check index
	$(BIN)/mkdocs build --strict --quiet
	@echo "站点已生成：site/index.html（anbiao serve 可同时提供全文条款检索）"

lint: $(STAMP)
	$(BIN)/ruff check .

browser-deps:
	@bash .ci/browser-deps

test: $(STAMP) browser-deps lint check
	$(BIN)/python -m pytest -q

clean:
	rm -rf site .index .pytest_cache .ruff_cache
