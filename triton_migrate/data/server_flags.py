"""Every ``trtserver`` (V1) flag and what became of it in each V2 release (data only).

Source: spec section 1 (server flags) and section 7 (perf_client).  The mechanism
that applies these tables is ``triton_migrate.flags`` (and ``perf_flags``);
``docs/flags.md`` is generated from them by ``scripts/gen_flags_doc.py``.

Message templates may use ``{flag}`` (the V1 text as written), ``{value}``,
``{v2}`` (the V2 text put in its place) and ``{target}`` (the target release).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Mapping

Severity = Literal["error", "warning", "info"]
Kind = Literal["bool", "int", "float", "str", "enum", "none"]
Fate = Literal[
    "kept",                # same name, same meaning
    "default-changed",     # kept, but V2 starts with another value
    "renamed",             # a V2 spelling replaces it
    "backend-config",      # moved under --backend-config=<backend>,<key>=<value>
    "removed",             # V2 refuses it
    "deprecated-later",    # kept in early V2, deprecated in favour of another flag
]
# keep: leave the token alone; rename: new flag name (and a prefix before the
# value); drop: delete it; values: the outcome depends on the literal value;
# behaviour: depends on other flags too, applied by a named handler in flags.py.
Action = Literal["keep", "rename", "drop", "values", "behaviour"]


@dataclass(frozen=True)
class Outcome:
    """What one V1 value becomes.

    ``tokens`` replace the flag (and its value): ``None`` keeps the V1 token,
    ``()`` drops it.  An empty ``message`` means nothing worth a finding.
    """

    tokens: tuple[str, ...] | None
    message: str = ""
    severity: Severity = "info"
    applied: bool = True


KEEP = Outcome(None)


@dataclass(frozen=True)
class Rewrite:
    """What to do with a V1 flag from V2 release ``since`` on, until the next Rewrite."""

    since: str
    action: Action
    message: str = ""
    to: str = ""                 # rename: the V2 flag name
    value_prefix: str = ""       # rename: text put in front of the value
    bool_value: bool = False     # rename: write literal booleans as true/false
    values: Mapping[str, Outcome] = field(default_factory=dict)  # normalised value -> outcome
    otherwise: Outcome = KEEP    # values: any value not listed, or not literal
    handler: str = ""            # behaviour: the handler's name
    doc: str = ""                # behaviour: what the handler does, for docs/flags.md


_KEEP_ALL = (Rewrite("2.0.0", "keep"),)


@dataclass(frozen=True)
class V1Flag:
    """One ``trtserver`` long option (V1 had no short ones)."""

    name: str
    kind: Kind
    v1_default: str | None
    fate: Fate
    summary: str                  # the V2 fate in a few words (docs table)
    explanation: str              # why, in full (docs and findings)
    repeatable: bool = False
    choices: tuple[str, ...] = ()
    v1_since: str = "1.11.0"      # the oldest V1 the spec covers had it
    v1_until: str | None = None   # last V1 release that had it
    removed_in: str | None = None      # first V2 release that refuses it
    readded_in: str | None = None      # a flag of the same name came back
    deprecated_in: str | None = None   # still parsed, with a warning
    v2_default: str | None = None      # when V2 starts from another value
    rewrites: tuple[Rewrite, ...] = _KEEP_ALL

    @property
    def takes_value(self) -> bool:
        return self.kind != "none"


_DROP_NO_EQUIVALENT = (
    "{flag} was removed in V2 (2.0.0) and has no V2 equivalent: dropped."
)

_F = V1Flag
V1_FLAGS: dict[str, V1Flag] = {f.name: f for f in (
    _F("help", "none", None, "kept", "kept",
       "Prints the usage and exits, in V1 and V2 alike."),
    _F("log-verbose", "int", "0", "kept", "kept",
       "Same meaning; V1 and V2 2.51 both also take true/false."),
    _F("log-info", "bool", "true", "kept", "kept", "Same meaning and default."),
    _F("log-warning", "bool", "true", "kept", "kept", "Same meaning and default."),
    _F("log-error", "bool", "true", "kept", "kept", "Same meaning and default."),
    _F("id", "str", "inference:0", "default-changed", "kept; default now `triton`",
       "The server id is only visible in the server metadata (V1 status, V2 `GET /v2`), "
       "which no V1 client can read from a V2 server anyway; the translator keeps an "
       "explicit --id and does not add --id=inference:0 when V1 relied on the default.",
       v2_default="triton"),
    _F("model-store", "str", None, "renamed", "rename to --model-repository",
       "V1 already called it deprecated; V2 still takes it as an alias of "
       "--model-repository, which is the name to use.",
       repeatable=True,
       rewrites=(Rewrite("2.0.0", "rename", to="model-repository",
                         message="{flag} is an old alias: spelled {v2}."),)),
    _F("model-repository", "str", None, "kept", "kept", "Same meaning; repeatable.",
       repeatable=True),
    _F("exit-on-error", "bool", "true", "kept", "kept", "Same meaning and default."),
    _F("strict-model-config", "bool", "true", "deprecated-later",
       "kept to 2.23; from 2.24 `--disable-auto-complete-config`",
       "V1 required a complete config.pbtxt for every model (strict on by default). "
       "From 2.24.0 (22.07) V2 completes configs automatically by default and the "
       "flag is deprecated in favour of --disable-auto-complete-config, so a V1 "
       "command line that relied on the default needs that flag to behave the same.",
       deprecated_in="2.24.0", v2_default="false from 2.24.0",
       rewrites=(Rewrite("2.0.0", "keep"),
                 Rewrite("2.24.0", "behaviour", handler="strict-model-config",
                         doc="true → `--disable-auto-complete-config`; false → dropped; "
                             "absent → `--disable-auto-complete-config` added"))),
    _F("strict-readiness", "bool", "true", "kept", "kept",
       "Same meaning; readiness is now served at /v2/health/ready."),
    _F("allow-http", "bool", "true", "kept", "kept", "Same meaning and default."),
    _F("http-port", "int", "8000", "kept", "kept", "Same meaning and default."),
    _F("http-health-port", "int", "= --http-port", "removed", "removed (2.0.0)",
       "V1 could serve /api/health/* on a separate port; V2 serves /v2/health/* only on "
       "--http-port. Dropped; probes that used another port must move to the HTTP port.",
       removed_in="2.0.0",
       rewrites=(Rewrite("2.0.0", "behaviour", handler="http-health-port",
                         doc="dropped (a warning when it was not the HTTP port)"),)),
    _F("http-thread-count", "int", "8", "kept", "kept", "Same meaning and default."),
    _F("allow-grpc", "bool", "true", "kept", "kept", "Same meaning and default."),
    _F("api-version", "enum", "1", "removed", "removed (2.0.0)",
       "Only in 1.12 and 1.13, to try the beta V2 protocol. V2 always speaks the V2 "
       "protocol; with --api-version=1 the clients spoke the V1 protocol and must be "
       "migrated to tritonclient.",
       choices=("1", "2"), v1_since="1.12.0", v1_until="1.13.0", removed_in="2.0.0",
       rewrites=(Rewrite(
           "2.0.0", "values",
           values={
               "2": Outcome((), "{flag} was removed in V2, which always speaks the V2 "
                                "protocol: dropped."),
               "1": Outcome((), "{flag} was removed in V2: V2 speaks only the V2 protocol, "
                                "so clients that spoke the V1 protocol must be migrated "
                                "(tritonclient). Dropped.",
                            "warning", False),
           },
           otherwise=Outcome((), "{flag} was removed in V2, which speaks only the V2 "
                                 "protocol: dropped. Make sure the clients of this server "
                                 "use the V2 protocol (tritonclient).",
                             "warning", False)),)),
    _F("grpc-port", "int", "8001", "kept", "kept", "Same meaning and default."),
    _F("grpc-infer-thread-count", "int", "1", "removed",
       "removed (2.0.0); a different flag of that name from 2.57",
       "V1's count of gRPC inference threads has no V2 equivalent. 2.57.0 (25.04) added "
       "a flag with the same name but another meaning (gRPC inference handler threads, "
       "default 2), so the V1 value is not carried over.",
       removed_in="2.0.0", readded_in="2.57.0",
       rewrites=(Rewrite("2.0.0", "drop", message=_DROP_NO_EQUIVALENT),
                 Rewrite("2.57.0", "drop",
                         doc="dropped (warning unless `1`, V1's default): the 2.57 flag "
                             "of that name means something else",
                         message=(
                     "{flag} was removed in V2 2.0.0; since 2.57.0 a flag of the same name "
                     "sets the gRPC inference handler threads (default 2), which is not "
                     "what the V1 value meant: dropped. Set it anew only if you tune V2's "
                     "gRPC handlers.")))),
    _F("grpc-stream-infer-thread-count", "int", "1", "removed", "removed (2.0.0)",
       "No V2 equivalent; V2 sizes its gRPC streaming handling itself.",
       removed_in="2.0.0",
       rewrites=(Rewrite("2.0.0", "drop", message=_DROP_NO_EQUIVALENT),)),
    _F("grpc-infer-allocation-pool-size", "int", "8", "kept", "kept",
       "Same meaning and default."),
    _F("allow-metrics", "bool", "true", "kept", "kept", "Same meaning and default."),
    _F("allow-gpu-metrics", "bool", "true", "kept", "kept", "Same meaning and default."),
    _F("metrics-port", "int", "8002", "kept", "kept", "Same meaning and default."),
    _F("trace-file", "str", "", "deprecated-later",
       "kept to 2.32; from 2.33 `--trace-config=triton,file=F`",
       "Deprecated in 2.33.0 (23.04) in favour of --trace-config triton,file=<path>.",
       deprecated_in="2.33.0",
       rewrites=(Rewrite("2.0.0", "keep"),
                 Rewrite("2.33.0", "rename", to="trace-config", value_prefix="triton,file=",
                         message="{flag} is deprecated since 2.33.0: spelled {v2}."))),
    _F("trace-level", "enum", "OFF", "deprecated-later",
       "MIN/MAX become TIMESTAMPS from 2.19; from 2.33 `--trace-config=level=L`",
       "V1 levels were OFF, MIN and MAX. 2.19.0 (22.02) changed them to OFF, TIMESTAMPS "
       "and TENSORS (MIN and MAX still parse, as TIMESTAMPS); 2.33.0 (23.04) deprecated "
       "the flag in favour of --trace-config level=<level>.",
       choices=("OFF", "MIN", "MAX"), deprecated_in="2.33.0",
       rewrites=(
           Rewrite("2.0.0", "keep"),
           Rewrite("2.19.0", "values",
                   values={
                       "off": KEEP, "timestamps": KEEP, "tensors": KEEP,
                       "min": Outcome(("--trace-level=TIMESTAMPS",),
                                      "{flag}: V2 (2.19.0+) trace levels are OFF, TIMESTAMPS "
                                      "and TENSORS; V1's MIN is {v2}."),
                       "max": Outcome(("--trace-level=TIMESTAMPS",),
                                      "{flag}: V2 (2.19.0+) trace levels are OFF, TIMESTAMPS "
                                      "and TENSORS; V1's MAX (all timestamps) is {v2}."),
                   },
                   otherwise=Outcome(None,
                                     "{flag} kept: V2 (2.19.0+) trace levels are OFF, "
                                     "TIMESTAMPS and TENSORS (MIN and MAX still parse as "
                                     "TIMESTAMPS); check the value.",
                                     "warning", False)),
           Rewrite("2.33.0", "values",
                   values={
                       "off": Outcome(("--trace-config=level=OFF",),
                                      "{flag} is deprecated since 2.33.0: spelled {v2}."),
                       "min": Outcome(("--trace-config=level=TIMESTAMPS",),
                                      "{flag} is deprecated since 2.33.0 and V1's MIN is "
                                      "TIMESTAMPS: spelled {v2}."),
                       "max": Outcome(("--trace-config=level=TIMESTAMPS",),
                                      "{flag} is deprecated since 2.33.0 and V1's MAX (all "
                                      "timestamps) is TIMESTAMPS: spelled {v2}."),
                       "timestamps": Outcome(("--trace-config=level=TIMESTAMPS",),
                                             "{flag} is deprecated since 2.33.0: spelled {v2}."),
                       "tensors": Outcome(("--trace-config=level=TENSORS",),
                                          "{flag} is deprecated since 2.33.0: spelled {v2}."),
                   },
                   otherwise=Outcome(None,
                                     "{flag} kept: it is deprecated since 2.33.0 and its "
                                     "value is not known here; use --trace-config "
                                     "level=<OFF|TIMESTAMPS|TENSORS> (V1's MIN and MAX are "
                                     "TIMESTAMPS).",
                                     "warning", False)),
       )),
    _F("trace-rate", "int", "1000", "deprecated-later",
       "kept to 2.32; from 2.33 `--trace-config=rate=N`",
       "Deprecated in 2.33.0 (23.04) in favour of --trace-config rate=<n>.",
       deprecated_in="2.33.0",
       rewrites=(Rewrite("2.0.0", "keep"),
                 Rewrite("2.33.0", "rename", to="trace-config", value_prefix="rate=",
                         message="{flag} is deprecated since 2.33.0: spelled {v2}."))),
    _F("model-control-mode", "enum", "poll", "default-changed",
       "kept; default now `none`",
       "V1 polled the model repository unless told otherwise (effective default poll, "
       "none when --repository-poll-secs=0); V2's default is none. A V1 command line "
       "that relied on polling gets --model-control-mode=poll.",
       choices=("none", "poll", "explicit"), v2_default="none"),
    _F("allow-poll-model-repository", "bool", "true (when --repository-poll-secs > 0)",
       "removed", "removed (2.0.0); true is `--model-control-mode=poll`",
       "Already deprecated in V1. true means --model-control-mode=poll, false means "
       "none (V2's default). Ignored by V1 when --model-control-mode was given.",
       removed_in="2.0.0",
       rewrites=(Rewrite("2.0.0", "behaviour", handler="model-control",
                         doc="true → `--model-control-mode=poll`; false → dropped "
                             "(none is V2's default)"),)),
    _F("repository-poll-secs", "int", "15", "kept", "kept",
       "Same meaning and default; in V2 it only matters with --model-control-mode=poll."),
    _F("allow-model-control", "bool", "false", "removed",
       "removed (2.0.0); true is `--model-control-mode=explicit`",
       "Already deprecated in V1. true means --model-control-mode=explicit. Ignored by "
       "V1 when --model-control-mode was given.",
       removed_in="2.0.0",
       rewrites=(Rewrite("2.0.0", "behaviour", handler="model-control",
                         doc="true → `--model-control-mode=explicit`; false → dropped"),)),
    _F("load-model", "str", None, "kept", "kept",
       "Same meaning; only has an effect with --model-control-mode=explicit.",
       repeatable=True),
    _F("pinned-memory-pool-byte-size", "int", "268435456", "kept", "kept",
       "Same meaning and default (256 MB)."),
    _F("cuda-memory-pool-byte-size", "str", "67108864 per GPU", "kept", "kept",
       "Same <gpu>:<bytes> syntax.", repeatable=True, v1_since="1.13.0"),
    _F("min-supported-compute-capability", "float", "6.0", "kept", "kept",
       "Same meaning. Later V2 builds default to a higher value (7.5 in the 2.71 sources); "
       "the translator does not add 6.0, since a V2 build may not carry kernels for "
       "older GPUs.", v1_since="1.12.0"),
    _F("exit-timeout-secs", "int", "30", "kept", "kept", "Same meaning and default."),
    _F("tf-allow-soft-placement", "bool", "true", "backend-config",
       "kept to 2.1; from 2.2 `--backend-config=tensorflow,allow-soft-placement=B`",
       "TensorFlow settings moved to the TensorFlow backend's configuration in 2.2.0 (20.08).",
       removed_in="2.2.0",
       rewrites=(Rewrite("2.0.0", "keep"),
                 Rewrite("2.2.0", "rename", to="backend-config",
                         value_prefix="tensorflow,allow-soft-placement=", bool_value=True,
                         message="{flag} was removed in 2.2.0: spelled {v2}."))),
    _F("tf-gpu-memory-fraction", "float", "0.0", "backend-config",
       "kept to 2.1; from 2.2 `--backend-config=tensorflow,gpu-memory-fraction=F`",
       "TensorFlow settings moved to the TensorFlow backend's configuration in 2.2.0 (20.08).",
       removed_in="2.2.0",
       rewrites=(Rewrite("2.0.0", "keep"),
                 Rewrite("2.2.0", "rename", to="backend-config",
                         value_prefix="tensorflow,gpu-memory-fraction=",
                         message="{flag} was removed in 2.2.0: spelled {v2}."))),
    _F("tf-add-vgpu", "str", None, "removed", "kept to 2.1; removed (2.2)",
       "Virtual GPUs for TensorFlow (<gpu>;<count>;<MB>). The TensorFlow backend reads "
       "no configuration key for them, so there is no V2 equivalent from 2.2.0 on.",
       repeatable=True, removed_in="2.2.0",
       rewrites=(Rewrite("2.0.0", "keep"),
                 Rewrite("2.2.0", "drop", message=(
                     "{flag} was removed in 2.2.0 and the TensorFlow backend has no setting "
                     "for virtual GPUs: dropped. Size the GPU memory another way (for "
                     "instance --backend-config=tensorflow,gpu-memory-fraction=F).")))),
)}


def rewrite_at(flag: V1Flag, target_parts: tuple[int, int, int]) -> Rewrite:
    """The Rewrite in force for a target given as version parts."""
    chosen = flag.rewrites[0]
    for rewrite in flag.rewrites:
        if _parts(rewrite.since) <= target_parts:
            chosen = rewrite
    return chosen


def _parts(text: str) -> tuple[int, int, int]:
    major, minor, patch = (int(p) for p in text.split("."))
    return (major, minor, patch)


# --- V1 values --------------------------------------------------------------

# V1's ParseBoolOption took true/false/1/0 in any case (spec section 1); V2's
# parser also takes on/off, and a V1 command line with on/off could only have
# been meant one way, so both are read as booleans here.
BOOL_TRUE = frozenset({"true", "1", "on"})
BOOL_FALSE = frozenset({"false", "0", "off"})

# --- the programs -------------------------------------------------------------

V1_SERVER_PROGRAM = "trtserver"
V2_SERVER_PROGRAM = "tritonserver"
# 20.03.1 to 20.07-v1 (still V1) already shipped bin/tritonserver, with
# /opt/tensorrtserver as a symlink (spec section 2): the directory alone marks V1.
V1_INSTALL_DIR = "/opt/tensorrtserver"
V2_INSTALL_DIR = "/opt/tritonserver"
PROGRAM_RENAMED = "The V1 server {flag} is {v2} in V2."

# --- behaviours that V1 had by default and V2 needs spelled out -------------

MODEL_CONTROL_DEFAULT_POLL = (
    "V1 polled the model repository for changes by default (--repository-poll-secs=15); "
    "V2's default --model-control-mode is none, so {v2} was added to keep the V1 behaviour."
)
MODEL_CONTROL_SECS_UNKNOWN = (
    "V1 polled the model repository by default unless --repository-poll-secs was 0; {v2} "
    "was added to keep that: V2 in poll mode with 0 seconds loads the models once and "
    "never re-polls, as V1 did."
)
MODEL_CONTROL_FLAG_TO_MODE = (
    "{flag} was removed in V2 (2.0.0); it meant {v2}, which replaces it."
)
MODEL_CONTROL_FLAG_TO_NONE = (
    "{flag} was removed in V2 (2.0.0); it meant --model-control-mode=none, V2's default: "
    "dropped."
)
MODEL_CONTROL_FLAG_NO_EFFECT = (
    "{flag} was removed in V2 (2.0.0) and had no effect in this V1 command line ({why}): "
    "dropped."
)
MODEL_CONTROL_WHY_MODE_GIVEN = "--model-control-mode decides"
MODEL_CONTROL_WHY_OVERRIDDEN = "a later or stronger model control flag decides"
MODEL_CONTROL_FLAG_UNKNOWN = (
    "{flag} was removed in V2 (2.0.0) and the V1 model control mode depends on a value "
    "not known here ({unknown}): replace the deprecated flags by --model-control-mode="
    "explicit (--allow-model-control=true), poll (--allow-poll-model-repository=true) or "
    "none. Kept, so V2 refuses the command line until then."
)
MODEL_CONTROL_FLAG_INVALID = (
    "{flag}: V1 refused this value (booleans are true, false, 1 or 0), and V2 refuses the "
    "flag; use --model-control-mode=<none|poll|explicit>. Kept."
)

STRICT_DEFAULT = (
    "V1 required a complete config.pbtxt for every model (--strict-model-config=true by "
    "default); V2 completes configs automatically from 2.24.0, so {v2} was added to keep "
    "the V1 behaviour."
)
STRICT_TRUE = (
    "{flag} is deprecated since 2.24.0: spelled {v2}."
)
STRICT_FALSE = (
    "{flag} is deprecated since 2.24.0, where auto-completing model configs is the "
    "default: dropped."
)
STRICT_OVERRIDDEN = (
    "{flag} was overridden by a later --strict-model-config (the last one wins): dropped."
)
STRICT_UNKNOWN = (
    "{flag} kept: it is deprecated since 2.24.0 and its value is not known here. "
    "true is --disable-auto-complete-config; for false, remove it (the V2 default)."
)
STRICT_INVALID = (
    "{flag}: V1 refused this value (booleans are true, false, 1 or 0). Kept."
)

HEALTH_SAME_PORT = (
    "{flag} was removed in V2 (2.0.0); it named the HTTP port, where V2 serves "
    "/v2/health/*: dropped."
)
HEALTH_OTHER_PORT = (
    "{flag} was removed in V2 (2.0.0): V2 serves /v2/health/* only on the HTTP port "
    "({http_port}). Dropped; point the liveness and readiness probes that used port "
    "{value} at the HTTP port."
)
HEALTH_UNKNOWN = (
    "{flag} was removed in V2 (2.0.0): V2 serves /v2/health/* only on the HTTP port "
    "(--http-port). Dropped; point health probes that used a separate port at the HTTP port."
)

DROP_DEFAULT_VALUE = (
    "{flag} was removed in V2 (2.0.0); it set V1's default value, so nothing is lost: dropped."
)
MISSING_VALUE = "{flag} has no value: V1 refused this command line. Kept."
ABBREVIATED = (
    "{flag} is an abbreviation V1's option parser accepted; V2 has more flags, where it "
    "may be ambiguous or mean another flag: spelled {v2}."
)
UNKNOWN_FLAG = "{flag} is not a trtserver flag (nor a V2 one): passed through unchanged."
OPAQUE_TOKEN = (
    "{flag} is expanded at run time and may carry V1 server flags, which cannot be seen "
    "here: translate them too (triton-migrate flags -- trtserver ...)."
)
V2_FLAG_TOO_NEW = (
    "{flag} only exists from Triton {since} on, and the target is {target}."
)

# TensorFlow 1 (V1 containers shipped TF1): the backend's default version
# became 2 in 22.08 (2.25.0), and TF1 is unsupported from 23.04 (2.33.0).
TF_VERSION_FLAG = "--backend-config=tensorflow,version=1"
TF_DEFAULT_2_FROM = "2.25.0"
TF1_GONE_FROM = "2.33.0"
TF_VERSION_ADDED = (
    "This V1 server ran TensorFlow models (it sets {flags}) with TensorFlow 1; the "
    "TensorFlow backend defaults to TensorFlow 2 from 2.25.0 (22.08), so {v2} was added."
)
TF1_UNSUPPORTED = (
    "This V1 server ran TensorFlow models (it sets {flags}) with TensorFlow 1, which the "
    "TensorFlow backend no longer supports from 2.33.0 (23.04): convert the models to "
    "TensorFlow 2, or target 2.25-2.32 with {v2}."
)

# --- the V2 server flags a V1 command line never had ------------------------


@dataclass(frozen=True)
class V2Flag:
    name: str
    since: str
    takes_value: bool = True
    deprecated_in: str | None = None
    instead: str | None = None


def _v2(since: str, *names: str, **extra: object) -> list[V2Flag]:
    return [V2Flag(name, since, **extra) for name in names]  # type: ignore[arg-type]


V2_ONLY_FLAGS: dict[str, V2Flag] = {f.name: f for f in (
    _v2("2.2.0", "backend-config", "backend-directory", "grpc-use-ssl", "grpc-server-cert",
        "grpc-server-key", "grpc-root-cert")
    + _v2("2.7.0", "buffer-manager-thread-count")
    + _v2("2.8.0", "repoagent-directory", "grpc-use-ssl-mutual")
    + _v2("2.9.0", "grpc-infer-response-compression-level")
    + _v2("2.11.0", "allow-sagemaker", "sagemaker-port", "sagemaker-safe-port-range",
          "sagemaker-thread-count", "host-policy")
    + _v2("2.13.0", "grpc-keepalive-time", "grpc-keepalive-timeout",
          "grpc-keepalive-permit-without-calls", "grpc-http2-max-pings-without-data",
          "grpc-http2-min-recv-ping-interval-without-data", "grpc-http2-max-ping-strikes")
    + _v2("2.14.0", "rate-limit", "rate-limit-resource")
    + _v2("2.15.0", "metrics-interval-ms")
    + _v2("2.15.0", "response-cache-byte-size", deprecated_in="2.32.0",
          instead="--cache-config")
    + _v2("2.16.0", "allow-vertex-ai", "vertex-ai-port", "vertex-ai-thread-count",
          "vertex-ai-default-model")
    + _v2("2.19.0", "trace-count", deprecated_in="2.33.0", instead="--trace-config count=N")
    + _v2("2.19.0", "trace-log-frequency", deprecated_in="2.33.0",
          instead="--trace-config triton,log-frequency=N")
    + _v2("2.21.0", "http-address", "grpc-address")
    + _v2("2.23.0", "log-format")
    + _v2("2.24.0", "disable-auto-complete-config", takes_value=False)
    + _v2("2.24.0", "model-load-thread-count")
    + _v2("2.25.0", "model-load-gpu-limit")
    + _v2("2.26.0", "allow-cpu-metrics", "log-file", "reuse-http-port", "reuse-grpc-port")
    + _v2("2.32.0", "cache-config", "cache-directory", "model-namespacing")
    + _v2("2.33.0", "trace-config", "metrics-config", "http-header-forward-pattern",
          "grpc-header-forward-pattern", "grpc-restricted-protocol")
    + _v2("2.34.0", "metrics-address")
    + _v2("2.40.0", "http-restricted-api", "cuda-virtual-address-size")
    + _v2("2.42.0", "grpc-max-connection-age", "grpc-max-connection-age-grace",
          "model-load-retry-count")
    + _v2("2.46.0", "model-config-name")
    + _v2("2.47.0", "enable-peer-access")
    + _v2("2.56.0", "grpc-max-response-pool-size")
    + _v2("2.59.0", "http-max-input-size")
    + _v2("2.68.0", "allow-client-shm")
)}

# --- perf_client (spec section 7) -------------------------------------------

PERF_V1_PROGRAM = "perf_client"
PERF_V2_PROGRAM = "perf_analyzer"
PERF_RENAMED_IN = "2.4.0"   # 20.10; a perf_client symlink still ships for compatibility
PERF_RENAMED = (
    "perf_client is perf_analyzer since 2.4.0 (20.10); V1's perf_client speaks only the "
    "V1 protocol, so it cannot measure a V2 server. Same options."
)
PERF_SHORT_WITH_VALUE = frozenset("cumxbtpiHlrsf")
PERF_SHORT_FLAGS = frozenset("vdaz")
PERF_LONG_WITH_VALUE = frozenset({
    "max-threads", "sequence-length", "percentile", "data-directory", "shape",
    "measurement-interval", "concurrency-range", "latency-threshold",
    "stability-percentage", "max-trials", "input-data", "string-length", "string-data",
    "request-rate-range", "num-of-sequences", "request-distribution", "request-intervals",
    "shared-memory", "output-shared-memory-size",
})
PERF_LONG_NO_VALUE = frozenset({"streaming", "async", "sync", "binary-search"})

# Deprecated already in V1 1.12 and still in perf_analyzer, which warns: they
# keep working, so they are reported, not rewritten (-t/-c/-d combine into one
# --concurrency-range only together with -l, which a person should decide).
PERF_DEPRECATED: dict[str, tuple[str, str]] = {
    "-t": ("--concurrency-range <n>",
           "{flag} (concurrent requests) is deprecated: use --concurrency-range {value}."),
    "-c": ("--concurrency-range <start>:<end>",
           "{flag} (maximum concurrency for the -d search) is deprecated: use "
           "--concurrency-range 1:{value} (with --latency-threshold to stop early)."),
    "-d": ("--concurrency-range <start>:<end>",
           "{flag} (dynamic concurrency search) is deprecated: use --concurrency-range "
           "<start>:<end> (with --latency-threshold to stop early)."),
    "-z": ("--input-data=zero",
           "{flag} (zero-filled inputs) is deprecated: use --input-data=zero."),
    "--data-directory": ("--input-data <dir>",
                         "{flag} is deprecated: use --input-data {value} (a directory is "
                         "accepted there)."),
}
