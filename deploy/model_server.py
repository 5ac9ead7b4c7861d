"""llama.cpp's OpenAI-compatible HTTP server on modu's bundled weights, for the deployment.

``python -m deploy.model_server --host 0.0.0.0 --port 8080`` serves ``/v1/chat/completions``
(and ``/health``, ``/v1/models``, ``/metrics``) the way llama.cpp's own ``llama-server``
does: the server is llama.cpp's, embedded in the ``xllamacpp`` wheel (``modu[llamacpp]``), so
nothing is compiled. The flags mirror ``llama-server``'s names. The model is a catalogue name,
found assembled in ``--model-dir`` as modu finds it (``modu models fetch`` puts it there), or a
``.gguf`` file. The server runs until SIGTERM or SIGINT. See docs/deployment.md.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any, Final

from service.settings import default_model_dir
from voices.assemble import ModelError, resolve
from voices.catalogue import CATALOGUE

DEFAULT_MODEL: Final = "qwen2.5-coder-1.5b-instruct"

EXIT_USAGE: Final = 2
"""What the weights or the flags being wrong exits with (as argparse does for bad flags)."""
EXIT_START_FAILED: Final = 1

LOG_ERRORS_ONLY: Final = 1
"""llama.cpp's log threshold (0 generic … 4 debug): load errors are shown, each request is not."""


@dataclass(frozen=True)
class ServerOptions:
    """What the server is started with (the parsed command line)."""

    model: str
    model_dir: Path
    host: str
    port: int
    threads: int
    ctx_size: int
    parallel: int
    api_key: str | None


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return value


def _port(text: str) -> int:
    value = int(text)
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"expected a TCP port 1-65535, got {text!r}")
    return value


def _available_cpus() -> int:
    # The CPUs this process may run on (a container's or taskset's limit), not the machine's.
    return len(os.sched_getaffinity(0))


def parser() -> argparse.ArgumentParser:
    found = argparse.ArgumentParser(
        prog="python -m deploy.model_server",
        description="llama.cpp's OpenAI-compatible server on modu's bundled language model.",
    )
    found.add_argument(
        "--model",
        default=DEFAULT_MODEL,
        help=f"a catalogue name ({', '.join(n for n, m in CATALOGUE.items() if m.kind == 'lm')})"
        f" or a .gguf file (default {DEFAULT_MODEL})",
    )
    found.add_argument(
        "--model-dir",
        type=Path,
        default=None,
        help="where the weights are assembled (default: MODU_MODEL_DIR, else modu's cache)",
    )
    found.add_argument("--host", default="127.0.0.1", help="interface (default 127.0.0.1)")
    found.add_argument("--port", type=_port, default=8080, help="TCP port (default 8080)")
    found.add_argument(
        "--threads",
        type=_positive,
        default=None,
        help="CPU threads for generation (default: every CPU this process may use)",
    )
    found.add_argument(
        "--ctx-size", type=_positive, default=4096, help="tokens of context, all slots together"
    )
    found.add_argument(
        "--parallel", type=_positive, default=2, help="answers generated at once (slots)"
    )
    found.add_argument(
        "--api-key",
        default=os.environ.get("MODEL_SERVER_API_KEY"),
        help="require this bearer key (default: MODEL_SERVER_API_KEY; unset: no key)",
    )
    return found


def parse_options(argv: Sequence[str] | None = None) -> ServerOptions:
    args = parser().parse_args(argv)
    model_dir = args.model_dir or Path(os.environ.get("MODU_MODEL_DIR") or default_model_dir())
    return ServerOptions(
        model=args.model,
        model_dir=model_dir,
        host=args.host,
        port=args.port,
        threads=args.threads or _available_cpus(),
        ctx_size=args.ctx_size,
        parallel=args.parallel,
        api_key=args.api_key or None,
    )


class WeightsMissingError(RuntimeError):
    """The model file is not there (or not complete); the message says how to get it."""


def model_file(options: ServerOptions) -> tuple[Path, str]:
    """The GGUF file to serve and the name it is served as."""
    if CATALOGUE.get(options.model) is not None and CATALOGUE[options.model].kind != "lm":
        raise WeightsMissingError(
            f"{options.model!r} is a {CATALOGUE[options.model].kind} model, not a language model"
        )
    try:
        resolved = resolve(options.model, options.model_dir)
    except ModelError as error:  # Its message names the package to install and the command.
        raise WeightsMissingError(
            f"the weights of {options.model!r} are not ready in {options.model_dir}: {error}"
        ) from error
    if not resolved.path.is_file() or resolved.path.suffix != ".gguf":
        raise WeightsMissingError(
            f"expected a catalogue model name or an existing .gguf file, got {options.model!r} "
            f"({resolved.path} {'is not a .gguf file' if resolved.path.is_file() else 'not found'})"
        )
    return resolved.path, resolved.model_id


def _params(xllamacpp: Any, options: ServerOptions, path: Path, name: str) -> Any:
    params = xllamacpp.CommonParams()
    params.model.path = str(path)
    params.model_alias = {name}  # /v1/models and each answer's "model" say the name, not a path
    params.hostnames = [options.host]
    params.port = options.port
    params.n_ctx = options.ctx_size
    params.n_parallel = options.parallel
    params.kv_unified = True  # one KV cache shared by the slots: a long conversation fits
    params.cpuparams.n_threads = options.threads
    params.cpuparams_batch.n_threads = options.threads
    params.offline = True  # never fetch a model from a hub
    params.ui = False  # the API only: no web chat page on a deployment's network
    params.endpoint_metrics = True  # llama.cpp's Prometheus metrics at /metrics
    params.verbosity = LOG_ERRORS_ONLY
    # Read the weights into memory rather than mapping the file (as modu's embedded engine does:
    # the repacked weights and the mapped pages were both resident otherwise).
    params.load_mode = xllamacpp.llama_load_mode.LLAMA_LOAD_MODE_NONE
    if options.api_key:
        params.api_keys = [options.api_key]
    return params


def serve(options: ServerOptions, stop: threading.Event) -> int:
    """Load the model, serve until ``stop`` is set, then stop the server. The exit status."""
    try:
        path, name = model_file(options)
    except WeightsMissingError as error:
        print(f"model server: {error}", file=sys.stderr)
        return EXIT_USAGE
    try:
        import xllamacpp
    except ImportError:
        print("model server: needs xllamacpp: pip install 'modu[llamacpp]'", file=sys.stderr)
        return EXIT_USAGE
    try:
        server = xllamacpp.Server(_params(xllamacpp, options, path, name))
    except RuntimeError as error:  # The binding says only "Failed to init server".
        print(
            f"model server: llama.cpp could not serve {path} on {options.host}:{options.port} "
            f"({error}); is the port free and the file a complete GGUF?",
            file=sys.stderr,
        )
        return EXIT_START_FAILED
    # Server() can return before its task loop runs, and one dropped in that gap never stops;
    # a metrics request is answered by that loop, so once it returns the loop is running.
    server.handle_metrics()
    print(
        f"model server: {name} at http://{options.host}:{options.port}/v1 "
        f"(threads {options.threads}, context {options.ctx_size}, slots {options.parallel})",
        flush=True,
    )
    stop.wait()
    del server  # stops the HTTP server and frees the model
    print("model server: stopped", flush=True)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    options = parse_options(argv)
    stop = threading.Event()

    def on_signal(_number: int, _frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    return serve(options, stop)


if __name__ == "__main__":
    sys.exit(main())
