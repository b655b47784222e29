"""Real-browser test: every notebook runs clean in JupyterLab, driven through headless Chromium.

Starts ``jupyter lab`` (from this Python's environment) on 127.0.0.1 with a free port, a random token and
throw-away config/settings/workspace/runtime folders, serving a temporary copy of ``notebooks/`` (so nothing is
written into the committed notebooks) with ``WXANALYSIS_FIGURES_DIR`` pointing at a temporary folder. For each
notebook: open it, wait for the kernel in the status bar, Run All, wait until no cell is running, and assert
that every code cell ran, no cell shows an error or stderr output, and at least one image is rendered. A
screenshot per notebook goes to ``tests/screenshots/`` (git-ignored).

Needs Debian's Chromium at ``/usr/bin/chromium`` (``apt-get install chromium fonts-wqy-microhei``; Playwright's
own browser downloads are not used). Without it the test skips, except under ``CI=true``, where it fails.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_DIR = ROOT / "notebooks"
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SERVER_START_TIMEOUT = 90  # s
KERNEL_TIMEOUT = 90_000  # ms
RUN_TIMEOUT = 300_000  # ms, per notebook

#: JupyterLab settings for the test: every cell in the DOM (no windowing), no news/update checks.
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}


def _require_chromium() -> None:
    missing = []
    if not CHROMIUM.exists():
        missing.append(f"{CHROMIUM} (apt-get install chromium fonts-wqy-microhei)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("the playwright Python package")
    if not missing:
        return
    message = "browser test needs " + " and ".join(missing)
    if os.environ.get("CI") == "true":
        pytest.fail(message + " — under CI=true it must run")
    pytest.skip(message)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, timeout: float = 5) -> int:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return resp.status
    except urllib.error.HTTPError as exc:
        return exc.code


class LabServer:
    """A ``jupyter lab`` process serving ``root_dir``, with everything it writes under ``state_dir``."""

    def __init__(self, root_dir: Path, state_dir: Path, figures_dir: Path) -> None:
        self.root_dir = root_dir
        self.port = _free_port()
        self.token = secrets.token_hex(24)
        self.base = f"http://127.0.0.1:{self.port}"
        settings = state_dir / "settings"
        for rel, value in LAB_SETTINGS.items():
            path = settings / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(value), encoding="utf-8")
        env = dict(os.environ)
        env.update(
            JUPYTER_CONFIG_DIR=str(state_dir / "config"),
            JUPYTERLAB_SETTINGS_DIR=str(settings),
            JUPYTERLAB_WORKSPACES_DIR=str(state_dir / "workspaces"),
            JUPYTER_RUNTIME_DIR=str(state_dir / "runtime"),
            WXANALYSIS_FIGURES_DIR=str(figures_dir),
            PYTHONHASHSEED="0",
        )
        cmd = [
            sys.executable, "-m", "jupyter", "lab",
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={root_dir}",
            "--LabApp.news_url=",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--allow-root")
        self.log_path = state_dir / "jupyter-lab.log"
        self._log = open(self.log_path, "wb")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(cmd, cwd=root_dir, env=env, stdout=self._log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, start_new_session=True)

    def wait_ready(self) -> None:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"jupyter lab exited with {self.proc.returncode}:\n{self.log()}")
            try:
                if _get(f"{self.base}/api/status?token={self.token}", timeout=2) == 200:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        raise TimeoutError(f"jupyter lab did not answer within {SERVER_START_TIMEOUT} s:\n{self.log()}")

    def shutdown_kernels(self) -> None:
        """Shut down every kernel the server runs (bounded; errors ignored)."""
        headers = {"Authorization": f"token {self.token}"}
        try:
            with urllib.request.urlopen(urllib.request.Request(f"{self.base}/api/kernels", headers=headers),
                                        timeout=10) as resp:
                kernels = json.load(resp)
            for k in kernels:
                req = urllib.request.Request(f"{self.base}/api/kernels/{k['id']}", headers=headers,
                                             method="DELETE")
                urllib.request.urlopen(req, timeout=20).close()
        except OSError:
            pass

    def log(self) -> str:
        self._log.flush()
        return self.log_path.read_text(encoding="utf-8", errors="replace")[-4000:]

    def stop(self) -> None:
        """Shut the server (and its kernels) down: REST shutdown, then SIGTERM, then SIGKILL of its group."""
        if self.proc.poll() is None:
            try:
                req = urllib.request.Request(f"{self.base}/api/shutdown?token={self.token}", method="POST")
                urllib.request.urlopen(req, timeout=5).close()
            except OSError:
                pass
            for sig, wait in ((None, 15), (signal.SIGTERM, 10), (signal.SIGKILL, 5)):
                if sig is not None and self.proc.poll() is None:
                    try:
                        os.killpg(self.proc.pid, sig)
                    except ProcessLookupError:
                        break
                try:
                    self.proc.wait(timeout=wait)
                    break
                except subprocess.TimeoutExpired:
                    continue
        self._log.close()


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabServer]:
    _require_chromium()
    base = tmp_path_factory.mktemp("lab")
    root_dir = base / "notebooks"
    shutil.copytree(NOTEBOOK_DIR, root_dir, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    server = LabServer(root_dir, base / "state", base / "figures")
    try:
        server.wait_ready()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def browser(lab: LabServer) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


# JavaScript run in the page: the state of the notebook's code cells.
_CELL_STATE = """() => {
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)') || document;
  const prompts = [...panel.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')].map(e => e.textContent.trim());
  const errors = [...panel.querySelectorAll(
      '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"], ' +
      '.jp-RenderedText[data-mime-type*="error"]')].map(e => e.textContent.slice(0, 2000));
  const images = [...panel.querySelectorAll('.jp-OutputArea-output img')]
      .filter(img => img.complete && img.naturalWidth > 0).length;
  return {prompts, errors, images, running: prompts.some(p => p.includes('*'))};
}"""


_PROMPTS_JS = """() => [...document.querySelectorAll(
    '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputArea-prompt')].map(e => e.textContent.trim())"""


def run_notebook_in_lab(page, lab: LabServer, name: str, screenshot: Path) -> dict:
    """Open ``name`` in JupyterLab, Run All, wait for the end; return the cells' state (see ``_CELL_STATE``)."""
    # A workspace of its own, reset, so only this notebook is open (no tabs restored from an earlier page).
    workspace = re.sub(r"[^A-Za-z0-9]+", "-", Path(name).stem)
    page.goto(f"{lab.base}/lab/workspaces/{workspace}/tree/{name}?reset&token={lab.token}",
              wait_until="domcontentloaded")
    page.locator(".jp-NotebookPanel .jp-Cell").first.wait_for(timeout=KERNEL_TIMEOUT)
    # The kernel: the status bar's kernel item reads "Python 3 (ipykernel) | Idle" once the kernel is up
    # (the toolbar indicator already says idle before any kernel exists).
    kernel_idle = page.locator("#jp-main-statusbar").get_by_text(re.compile(r"^Python 3.*\|\s*Idle$"))
    kernel_idle.first.wait_for(timeout=KERNEL_TIMEOUT)
    n_code = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell").count()
    page.locator(".lm-MenuBar-item", has_text="Run").first.click()
    page.locator(".lm-Menu-item", has_text=re.compile(r"^Run All Cells")).first.click()
    # The run has started once a prompt shows "*" or a number ...
    page.wait_for_function(f"() => ({_PROMPTS_JS})().some(t => /\\[(\\*|\\d+)\\]/.test(t))",
                           timeout=KERNEL_TIMEOUT)
    # ... and is over when no prompt shows "*" (after an error JupyterLab dequeues the remaining cells, which
    # then stay unnumbered: waiting for every cell to be numbered would hang).
    page.wait_for_function(f"() => !({_PROMPTS_JS})().some(t => t.includes('*'))", timeout=RUN_TIMEOUT)
    kernel_idle.first.wait_for(timeout=KERNEL_TIMEOUT)
    state = page.evaluate(_CELL_STATE)
    state["n_code"] = n_code
    first_image = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output img").first
    if first_image.count():
        first_image.scroll_into_view_if_needed()
        page.wait_for_timeout(300)
    screenshot.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(screenshot))
    return state


def _notebook_names() -> list[str]:
    return sorted(p.name for p in NOTEBOOK_DIR.glob("*.ipynb"))


def test_there_are_notebooks() -> None:
    assert len(_notebook_names()) >= 5


@pytest.mark.parametrize("name", _notebook_names())
def test_notebook_runs_in_jupyterlab(name: str, lab: LabServer, browser) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 1100}, locale="en-US")
    page = context.new_page()
    try:
        state = run_notebook_in_lab(page, lab, name, SCREENSHOTS / f"{Path(name).stem}.png")
    finally:
        context.close()
        lab.shutdown_kernels()
    assert state["n_code"] > 0
    assert len(state["prompts"]) == state["n_code"]
    unrun = [i for i, p in enumerate(state["prompts"]) if not re.search(r"\[\d+\]", p)]
    assert not state["errors"], f"{name}: error output in the browser:\n" + "\n---\n".join(state["errors"])
    assert not unrun, f"{name}: code cells {unrun} did not run (prompts {state['prompts']})"
    assert state["images"] >= 1, f"{name}: no rendered image"
