# provisioner: two commands on a fresh machine.
#   make demo   create .venv, install, start the device lab, roll out the demo city, print the record
#   make test   create .venv, install, run the whole test suite
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
STAMP := $(VENV)/.installed
# The checkout is the collection schulit.provisioner; ansible.cfg's collections_path finds it through this link.
COLLECTION_LINK := collections/ansible_collections/schulit/provisioner
DEMO_SOURCE := inventories/demo/site_registry.yml
export PATH := $(BIN):$(PATH)
export ANSIBLE_CONFIG := $(CURDIR)/ansible.cfg
# Lab-only credentials for the demo city (the lab's simulated devices accept these; never production).
export PROVISIONER_NET_PASSWORD ?= demo-lab-only
export PROVISIONER_SNMP_AUTH ?= demo-snmp-auth
export PROVISIONER_SNMP_PRIV ?= demo-snmp-priv
export PROVISIONER_PSK_KITA ?= demo-kita-psk

.PHONY: venv demo test test-unit lint clean collection-link collection ee

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --disable-pip-version-check -q -e '.[dev]'
	touch $(STAMP)

collection-link:
	@test -L $(COLLECTION_LINK) || { mkdir -p $(dir $(COLLECTION_LINK)) && ln -sfn ../../.. $(COLLECTION_LINK); }

venv: $(STAMP) collection-link

# dist/schulit-provisioner-<version>.tar.gz for `ansible-galaxy collection install` (the package goes with pip).
collection: $(STAMP)
	$(BIN)/ansible-galaxy collection build --force --output-path dist .

# The AWX execution environment's build context (context/Containerfile); building the image needs its registries.
ee: collection
	$(BIN)/pip wheel --no-deps -q -w dist .
	$(BIN)/ansible-builder create -f execution-environment.yml -c context --output-filename Containerfile

demo: $(STAMP) collection-link
	$(BIN)/provisioner validate inventories/demo/registry
	$(BIN)/provisioner inventory $(DEMO_SOURCE) --graph
	-$(BIN)/provisioner lab down >/dev/null 2>&1
	$(BIN)/provisioner lab up $(DEMO_SOURCE)
	PROVISIONER_LAB=1 $(BIN)/provisioner rollout playbooks/site.yml -i $(DEMO_SOURCE) --diff \
	  --canary gs-am-stadtpark --wave-size 3 --json .provisioner/demo-rollout.json --junit .provisioner/demo-rollout.xml; \
	  rc=$$?; $(BIN)/provisioner show last; exit $$rc
	@echo "The lab is still running: 'PROVISIONER_LAB=1 $(BIN)/ansible-playbook playbooks/switches.yml' works against it; '$(BIN)/provisioner lab down' stops it."

test: $(STAMP) collection-link
	$(BIN)/pytest -q -p no:cacheprovider

test-unit: $(STAMP) collection-link
	$(BIN)/pytest -q -p no:cacheprovider tests/unit

lint: $(STAMP) collection-link
	$(BIN)/ruff check src plugins tests bench
	$(BIN)/mypy
	$(BIN)/ansible-lint

clean:
	-$(BIN)/provisioner lab down
	rm -rf $(VENV) .provisioner .pytest_cache .mypy_cache .ruff_cache dist context
