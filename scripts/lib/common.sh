# shellcheck shell=bash
# Shared helpers for the Tasklane scripts. Source it; do not execute it.
#
# Functions:
#   tl_find_java [--jdk]     find Java 21+ (a JDK with --jdk); exports JAVA_HOME and JAVA
#   tl_find_maven            find (or install) Maven; exports MVN
#   tl_ensure_redis_server   make sure redis-server and redis-cli are on PATH
#   tl_free_port             print a free TCP port on 127.0.0.1
#   tl_start_redis DIR [ARGS...]
#                            start a private redis-server in DIR, print its URL
#   tl_stop_redis DIR        stop the redis-server started in DIR
#   tl_ensure_built          build the jars when they are missing or out of date
#   tl_run_main scheduler|worker MAIN_CLASS [ARGS...]
#                            exec a main class from one of the jars (with its AOT cache)
#   tl_aot_train             make the AOT caches of the two jars (Java 25+)
#   tl_jit_cpus              print the CPUs a launched JVM's JIT compilers are kept on
#   tl_pin_jit PID CPUS      keep the JIT compiler threads PID starts on CPUS (in the background)
#
# Environment:
#   JAVA_HOME                used when it holds Java 21 or newer
#   TASKLANE_JAVA_OPTS       extra JVM options for the launchers
#   TASKLANE_PLUGINS         colon-separated jars or directories of jars (worker)
#   TASKLANE_SCHEDULER_JAR   use this scheduler jar (skips the build check)
#   TASKLANE_WORKER_JAR      use this worker jar (skips the build check)
#   TASKLANE_NO_INSTALL=1    never install missing tools with apt-get
#   TASKLANE_AOT_DIR         where AOT caches are kept (default ~/.cache/tasklane)
#   TASKLANE_AOT=0           start the JVMs without AOT caches
#   TASKLANE_JIT_CPUS        CPUs for the JVMs' JIT compiler threads: auto (default: every CPU
#                            the process may use but the first), off, or a list like 1 or 2-3

if [ -z "${TL_ROOT:-}" ]; then
  TL_ROOT=$(cd -P "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
fi
export TL_ROOT

TL_MIN_JAVA=21

tl_msg() { printf 'tasklane: %s\n' "$*" >&2; }
tl_die() { tl_msg "$*"; exit 1; }

# ---------------------------------------------------------------- apt-get

_tl_can_apt() {
  [ "${TASKLANE_NO_INSTALL:-0}" != 1 ] &&
    [ "$(id -u 2>/dev/null || echo 1)" = 0 ] &&
    command -v apt-get >/dev/null 2>&1
}

_TL_APT_UPDATED=0
_tl_apt_update() {
  [ "$_TL_APT_UPDATED" = 1 ] && return 0
  local log
  log=$(mktemp "${TMPDIR:-/tmp}/tasklane-apt.XXXXXX")
  if DEBIAN_FRONTEND=noninteractive apt-get update -qq >"$log" 2>&1; then
    _TL_APT_UPDATED=1
    rm -f "$log"
    return 0
  fi
  tl_msg "apt-get update failed:"
  tail -n 20 "$log" >&2
  rm -f "$log"
  return 1
}

# _tl_apt_install PKG...: install packages quietly; show the log tail on failure.
_tl_apt_install() {
  _tl_apt_update || return 1
  local log
  log=$(mktemp "${TMPDIR:-/tmp}/tasklane-apt.XXXXXX")
  tl_msg "installing $* with apt-get"
  if DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >"$log" 2>&1; then
    rm -f "$log"
    return 0
  fi
  tl_msg "apt-get install $* failed:"
  tail -n 20 "$log" >&2
  rm -f "$log"
  return 1
}

# ---------------------------------------------------------------- java

# _tl_java_major HOME: print the major Java version of HOME/bin/java, or nothing.
_tl_java_major() {
  local home=$1 v=""
  [ -x "$home/bin/java" ] || return 0
  if [ -r "$home/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$home/release" 2>/dev/null | head -n 1) || v=""
  fi
  if [ -z "$v" ]; then
    v=$("$home/bin/java" -version 2>&1 | awk -F'"' '/version/ && !done { print $2; done = 1 }') || v=""
  fi
  case $v in 1.*) v=${v#1.} ;; esac
  v=${v%%[!0-9]*}
  [ -n "$v" ] && printf '%s\n' "$v"
  return 0
}

# _tl_java_ok HOME NEED_JDK: true when HOME holds Java >= 21 (and javac when NEED_JDK=1).
_tl_java_ok() {
  local home=$1 need_jdk=$2 major
  [ -n "$home" ] && [ -x "$home/bin/java" ] || return 1
  if [ "$need_jdk" = 1 ] && [ ! -x "$home/bin/javac" ]; then return 1; fi
  major=$(_tl_java_major "$home")
  [ -n "$major" ] && [ "$major" -ge "$TL_MIN_JAVA" ]
}

# _tl_best_java NEED_JDK: print the home of the newest suitable Java found on this machine.
_tl_best_java() {
  local need_jdk=$1 best="" best_major=0 home real major seen=" " j
  local -a homes=()
  for home in /usr/lib/jvm/* /opt/java/* /usr/java/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -d "$home" ] && homes+=("$home")
  done
  if j=$(command -v java 2>/dev/null); then
    real=$(readlink -f "$j" 2>/dev/null || printf '%s' "$j")
    homes+=("$(dirname "$(dirname "$real")")")
  fi
  for home in ${homes[@]+"${homes[@]}"}; do
    real=$(cd -P "$home" 2>/dev/null && pwd) || continue
    case $seen in *" $real "*) continue ;; esac
    seen="$seen$real "
    _tl_java_ok "$real" "$need_jdk" || continue
    major=$(_tl_java_major "$real")
    if [ "$major" -gt "$best_major" ]; then
      best=$real
      best_major=$major
    fi
  done
  [ -n "$best" ] && printf '%s\n' "$best"
  return 0
}

# _tl_apt_install_jdk: install openjdk-21-jdk-headless, else the newest openjdk-NN-jdk-headless (NN >= 21).
_tl_apt_install_jdk() {
  _tl_can_apt || return 1
  _tl_apt_update || return 1
  local names pkg="" n best=0
  names=$(apt-cache search --names-only '^openjdk-[0-9]+-jdk-headless$' 2>/dev/null | awk '{ print $1 }') || names=""
  for n in $names; do
    n=${n#openjdk-}
    n=${n%%-*}
    case $n in '' | *[!0-9]*) continue ;; esac
    if [ "$n" = "$TL_MIN_JAVA" ]; then best=$n; break; fi
    if [ "$n" -gt "$TL_MIN_JAVA" ] && [ "$n" -gt "$best" ]; then best=$n; fi
  done
  [ "$best" -ge "$TL_MIN_JAVA" ] || return 1
  pkg="openjdk-$best-jdk-headless"
  _tl_apt_install "$pkg"
}

tl_find_java() {
  local need_jdk=0 home
  [ "${1:-}" = --jdk ] && need_jdk=1
  if [ -n "${JAVA_HOME:-}" ] && _tl_java_ok "$JAVA_HOME" "$need_jdk"; then
    home=$JAVA_HOME
  else
    home=$(_tl_best_java "$need_jdk")
    if [ -z "$home" ] && _tl_apt_install_jdk; then
      home=$(_tl_best_java "$need_jdk")
    fi
  fi
  if [ -z "$home" ]; then
    local what="Java"
    [ "$need_jdk" = 1 ] && what="JDK (with javac)"
    tl_msg "no $what $TL_MIN_JAVA or newer found (looked at JAVA_HOME, /usr/lib/jvm and PATH); install a JDK $TL_MIN_JAVA+ (e.g. 'apt-get install openjdk-21-jdk-headless' or Eclipse Temurin 21) and set JAVA_HOME to it"
    exit 1
  fi
  JAVA_HOME=$home
  JAVA=$home/bin/java
  TL_JAVA_MAJOR=$(_tl_java_major "$home")
  export JAVA_HOME JAVA TL_JAVA_MAJOR
  # Maven's own libraries use sun.misc.Unsafe, which Java 24+ warns about on every run.
  if [ "${TL_JAVA_MAJOR:-0}" -ge 24 ]; then
    case " ${MAVEN_OPTS:-} " in
      *sun-misc-unsafe-memory-access*) ;;
      *) export MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }--sun-misc-unsafe-memory-access=allow" ;;
    esac
  fi
}

# ---------------------------------------------------------------- maven

tl_find_maven() {
  local m
  if m=$(command -v mvn 2>/dev/null); then
    MVN=$m
  elif [ -n "${MAVEN_HOME:-}" ] && [ -x "$MAVEN_HOME/bin/mvn" ]; then
    MVN=$MAVEN_HOME/bin/mvn
  elif _tl_can_apt && _tl_apt_install maven && m=$(command -v mvn 2>/dev/null); then
    MVN=$m
  else
    tl_msg "Apache Maven (mvn) not found on PATH; install it (e.g. 'apt-get install maven' or from maven.apache.org) and put mvn on PATH"
    exit 1
  fi
  export MVN
}

# ---------------------------------------------------------------- redis

tl_ensure_redis_server() {
  if command -v redis-server >/dev/null 2>&1 && command -v redis-cli >/dev/null 2>&1; then
    return 0
  fi
  if _tl_can_apt && _tl_apt_install redis-server redis-tools &&
    command -v redis-server >/dev/null 2>&1 && command -v redis-cli >/dev/null 2>&1; then
    return 0
  fi
  tl_msg "redis-server and redis-cli are needed on PATH; install them (Debian/Ubuntu: 'apt-get install redis-server', macOS: 'brew install redis')"
  exit 1
}

tl_free_port() {
  local p i
  if command -v python3 >/dev/null 2>&1 &&
    p=$(python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()' 2>/dev/null) && [ -n "$p" ]; then
    printf '%s\n' "$p"
    return 0
  fi
  for ((i = 0; i < 200; i++)); do
    p=$(((RANDOM * 32768 + RANDOM) % 30000 + 20000))
    if command -v ss >/dev/null 2>&1 && ss -ltnH >/dev/null 2>&1; then
      [ -z "$(ss -ltnH "sport = :$p" 2>/dev/null)" ] || continue
    fi
    if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      continue
    fi
    printf '%s\n' "$p"
    return 0
  done
  tl_msg "could not find a free TCP port"
  return 1
}

# _tl_pid_is_redis PID: true when PID is a live redis-server process.
_tl_pid_is_redis() {
  local pid=$1 comm
  case $pid in '' | *[!0-9]*) return 1 ;; esac
  kill -0 "$pid" 2>/dev/null || return 1
  comm=$(ps -o comm= -p "$pid" 2>/dev/null) || return 1
  case $comm in *redis*) return 0 ;; *) return 1 ;; esac
}

# tl_start_redis DIR [EXTRA_ARGS...]
# Starts a daemonized redis-server on 127.0.0.1 and a free port, with its dir,
# pidfile (DIR/redis.pid) and logfile (DIR/redis.log) inside DIR; writes the
# port to DIR/redis.port and the URL to DIR/redis.url; prints the URL.
tl_start_redis() {
  local dir=${1:?usage: tl_start_redis DIR [redis-server args...]}
  shift
  command -v redis-server >/dev/null 2>&1 || { tl_msg "redis-server not found on PATH"; return 1; }
  command -v redis-cli >/dev/null 2>&1 || { tl_msg "redis-cli not found on PATH"; return 1; }
  mkdir -p "$dir" || return 1
  dir=$(cd -P "$dir" && pwd) || return 1
  local pidfile=$dir/redis.pid logfile=$dir/redis.log
  local attempt attempts=5 port fixed_port="" pid lines i up rc arg prev=""
  for arg in "$@"; do
    [ "$prev" = --port ] && fixed_port=$arg # a fixed port: retrying cannot help
    prev=$arg
  done
  [ -z "$fixed_port" ] || attempts=1
  if [ -f "$pidfile" ]; then
    pid=$(cat "$pidfile" 2>/dev/null || true)
    if _tl_pid_is_redis "$pid"; then
      tl_msg "a redis-server (pid $pid) is already running in $dir; stop it first with tl_stop_redis/redis-stop"
      return 1
    fi
    rm -f "$pidfile"
  fi
  for ((attempt = 1; attempt <= attempts; attempt++)); do
    if [ -n "$fixed_port" ]; then port=$fixed_port; else port=$(tl_free_port) || return 1; fi
    lines=0
    [ -f "$logfile" ] && lines=$(wc -l <"$logfile")
    rc=0
    redis-server --bind 127.0.0.1 --port "$port" --daemonize yes \
      --dir "$dir" --pidfile "$pidfile" --logfile "$logfile" \
      --save '' --appendonly no "$@" >"$dir/redis.start.out" 2>&1 </dev/null || rc=$?
    if [ "$rc" != 0 ]; then
      # Rejected before it could daemonize (e.g. a bad argument).
      tl_msg "redis-server failed to start (exit code $rc):"
      tail -n 15 "$dir/redis.start.out" >&2
      return 1
    fi
    up=0
    for ((i = 0; i < 200; i++)); do # up to about 10 seconds
      # Up when it answers PING and is the process recorded in our pidfile
      # (not some other server that happens to listen on that port).
      if [ "$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null)" = PONG ]; then
        pid=$(cat "$pidfile" 2>/dev/null || true)
        if [ -n "$pid" ] && redis-cli -h 127.0.0.1 -p "$port" info server 2>/dev/null |
          tr -d '\r' | grep -qx "process_id:$pid"; then
          up=1
          break
        fi
      fi
      if [ -f "$logfile" ] && tail -n +"$((lines + 1))" "$logfile" 2>/dev/null |
        grep -qiE 'address already in use|could not create server tcp listening socket|fatal|bad directive'; then
        break
      fi
      sleep 0.05
    done
    if [ "$up" = 1 ]; then
      printf '%s\n' "$port" >"$dir/redis.port"
      printf 'redis://127.0.0.1:%s\n' "$port" >"$dir/redis.url"
      printf 'redis://127.0.0.1:%s\n' "$port"
      return 0
    fi
    # Not answering: stop whatever started, then retry unless it was a configuration error.
    pid=$(cat "$pidfile" 2>/dev/null || true)
    if _tl_pid_is_redis "$pid"; then kill -KILL "$pid" 2>/dev/null || true; fi
    rm -f "$pidfile"
    if ! tail -n +"$((lines + 1))" "$logfile" 2>/dev/null | grep -qiE 'address already in use|could not create server tcp listening socket'; then
      break
    fi
  done
  tl_msg "redis-server did not start in $dir; last lines of $logfile:"
  tail -n +"$((lines + 1))" "$logfile" 2>/dev/null | tail -n 15 >&2 || true
  return 1
}

# tl_stop_redis DIR: SIGTERM the redis-server whose pid is in DIR/redis.pid, wait up to
# 10 seconds, then SIGKILL.
tl_stop_redis() {
  local dir=${1:?usage: tl_stop_redis DIR}
  local pidfile=$dir/redis.pid pid i
  if [ ! -f "$pidfile" ]; then
    tl_msg "no redis-server pidfile in $dir (not running?)"
    return 0
  fi
  pid=$(cat "$pidfile" 2>/dev/null || true)
  if ! _tl_pid_is_redis "$pid"; then
    rm -f "$pidfile"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do
    _tl_pid_is_redis "$pid" || break
    sleep 0.1
  done
  if _tl_pid_is_redis "$pid"; then
    tl_msg "redis-server (pid $pid) did not stop after SIGTERM; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
      _tl_pid_is_redis "$pid" || break
      sleep 0.1
    done
  fi
  rm -f "$pidfile"
  ! _tl_pid_is_redis "$pid"
}

# ---------------------------------------------------------------- build

TL_SCHEDULER_JAR=${TASKLANE_SCHEDULER_JAR:-$TL_ROOT/scheduler/target/tasklane-scheduler.jar}
TL_WORKER_JAR=${TASKLANE_WORKER_JAR:-$TL_ROOT/worker/target/tasklane-worker.jar}

# _tl_build_stale: true when a jar is missing or a pom.xml or a file under a src/ is newer.
_tl_build_stale() {
  local ref
  [ -f "$TL_SCHEDULER_JAR" ] && [ -f "$TL_WORKER_JAR" ] || return 0
  if [ "$TL_SCHEDULER_JAR" -ot "$TL_WORKER_JAR" ]; then ref=$TL_SCHEDULER_JAR; else ref=$TL_WORKER_JAR; fi
  [ -n "$(find "$TL_ROOT" \( -name target -o -name .git -o -name node_modules \) -prune -o \
    -type f \( -name pom.xml -o -path '*/src/*' \) -newer "$ref" -print -quit 2>/dev/null)" ]
}

tl_ensure_built() {
  # Jars given explicitly (e.g. in the container image): nothing to build.
  if [ -n "${TASKLANE_SCHEDULER_JAR:-}" ] || [ -n "${TASKLANE_WORKER_JAR:-}" ]; then
    [ -f "$TL_SCHEDULER_JAR" ] || tl_die "scheduler jar not found: $TL_SCHEDULER_JAR"
    [ -f "$TL_WORKER_JAR" ] || tl_die "worker jar not found: $TL_WORKER_JAR"
    return 0
  fi
  _tl_build_stale || return 0

  local lock fd="" log rc=0
  # Serialize concurrent builds of the same tree (several launchers may start at once).
  if command -v flock >/dev/null 2>&1; then
    lock="${TMPDIR:-/tmp}/tasklane-build-$(printf '%s' "$TL_ROOT" | cksum | cut -d' ' -f1).lock"
    if (: >>"$lock") 2>/dev/null; then
      exec {fd}>>"$lock"
      flock "$fd" || true
    fi
  fi
  if _tl_build_stale; then
    if [ ! -x "${JAVA_HOME:-}/bin/javac" ]; then
      tl_find_java --jdk
    fi
    [ -n "${MVN:-}" ] || tl_find_maven
    [ -t 2 ] && tl_msg "building jars (mvn -B -q -DskipTests package)..."
    log=$(mktemp "${TMPDIR:-/tmp}/tasklane-build.XXXXXX")
    (cd "$TL_ROOT" && JAVA_HOME=$JAVA_HOME "$MVN" -B -q -Dstyle.color=never -DskipTests package) >"$log" 2>&1 </dev/null || rc=$?
    if [ "$rc" != 0 ] || [ ! -f "$TL_SCHEDULER_JAR" ] || [ ! -f "$TL_WORKER_JAR" ]; then
      [ -n "$fd" ] && exec {fd}>&-
      tl_msg "build failed (mvn exit code $rc); last lines of the build log ($log):"
      tail -n 60 "$log" >&2
      [ "$rc" != 0 ] || tl_msg "build succeeded but did not produce $TL_SCHEDULER_JAR and $TL_WORKER_JAR"
      exit 1
    fi
    rm -f "$log"
    # Maven may leave an unchanged jar untouched; mark both as fresh so the next run does not rebuild.
    touch "$TL_SCHEDULER_JAR" "$TL_WORKER_JAR"
  fi
  [ -n "$fd" ] && exec {fd}>&-
  return 0
}

# ---------------------------------------------------------------- launch

# tl_plugin_classpath: print ":jar1:jar2..." for the entries of $TASKLANE_PLUGINS.
tl_plugin_classpath() {
  local cp="" entry jar
  local -a entries=()
  [ -n "${TASKLANE_PLUGINS:-}" ] || return 0
  IFS=: read -r -a entries <<<"$TASKLANE_PLUGINS"
  for entry in ${entries[@]+"${entries[@]}"}; do
    [ -n "$entry" ] || continue
    if [ -d "$entry" ]; then
      for jar in "$entry"/*.jar; do
        [ -f "$jar" ] && cp="$cp:$jar"
      done
    elif [ -f "$entry" ]; then
      cp="$cp:$entry"
    else
      tl_msg "plugin path not found, ignored: $entry"
    fi
  done
  printf '%s' "$cp"
}

# tl_ensure_bench_built: sets TL_BENCH_JAR and TL_BENCH_PLUGIN_JAR (the benchmark and its
# plug-in, bench/target), building them when missing or older than bench/ (after
# tl_ensure_built, which builds the whole tree when the rest is stale).
tl_ensure_bench_built() {
  TL_BENCH_JAR=$TL_ROOT/bench/target/tasklane-bench.jar
  TL_BENCH_PLUGIN_JAR=$TL_ROOT/bench/target/tasklane-bench-plugin.jar
  if [ -f "$TL_BENCH_JAR" ] && [ -f "$TL_BENCH_PLUGIN_JAR" ] &&
    [ -z "$(find "$TL_ROOT/bench/pom.xml" "$TL_ROOT/bench/src" -newer "$TL_BENCH_JAR" -print -quit 2>/dev/null)" ]; then
    return 0
  fi
  [ -n "${MVN:-}" ] || tl_find_maven
  tl_msg "building the benchmark (mvn -B -q -DskipTests package -pl bench -am)..."
  local log
  log=$(mktemp "${TMPDIR:-/tmp}/tasklane-bench-build.XXXXXX")
  if ! (cd "$TL_ROOT" && "$MVN" -B -q -Dstyle.color=never -DskipTests package -pl bench -am) >"$log" 2>&1 </dev/null; then
    tl_msg "build failed; last lines of $log:"
    tail -n 40 "$log" >&2
    exit 1
  fi
  rm -f "$log"
  touch "$TL_BENCH_JAR" "$TL_BENCH_PLUGIN_JAR"
}

# tl_pin_jars DIR: copies the worker and scheduler jars tl_ensure_built found into DIR and
# points TASKLANE_WORKER_JAR and TASKLANE_SCHEDULER_JAR at the copies, so that every process a
# long run starts uses what was built at its start, whatever happens to the tree meanwhile
# (and no start rebuilds it).
tl_pin_jars() {
  cp "$TL_WORKER_JAR" "$1/tasklane-worker.jar"
  cp "$TL_SCHEDULER_JAR" "$1/tasklane-scheduler.jar"
  export TASKLANE_WORKER_JAR=$1/tasklane-worker.jar
  export TASKLANE_SCHEDULER_JAR=$1/tasklane-scheduler.jar
  TL_WORKER_JAR=$TASKLANE_WORKER_JAR
  TL_SCHEDULER_JAR=$TASKLANE_SCHEDULER_JAR
}

# tl_usage FILE: prints FILE's leading comment block (after the #! line), without the "# ".
tl_usage() {
  awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "$1"
}

# _tl_launch_setup scheduler|worker: sets TL_LAUNCH_CP (the class path) and TL_JVM_OPTS (the
# JVM options of a launcher: ours, then TASKLANE_JAVA_OPTS).
_tl_launch_setup() {
  case $1 in
    scheduler) TL_LAUNCH_CP=$TL_SCHEDULER_JAR ;;
    worker) TL_LAUNCH_CP=$TL_WORKER_JAR$(tl_plugin_classpath) ;;
    *) tl_die "unknown jar: $1" ;;
  esac
  TL_JVM_OPTS=()
  # Netty uses sun.misc.Unsafe, which Java 24+ warns about at every start.
  [ "${TL_JAVA_MAJOR:-0}" -lt 24 ] || TL_JVM_OPTS+=(--sun-misc-unsafe-memory-access=allow)
  # The serial collector, unless the options name another: a worker's garbage is almost all
  # short-lived, and G1's barriers and concurrent threads cost a third of a warm worker's CPU
  # per task (docs/benchmarks.md). Handlers that keep large heaps may want -XX:+UseG1GC.
  local opt gc=-XX:+UseSerialGC
  local -a words=()
  read -r -a words <<<"${TASKLANE_JAVA_OPTS:-} ${JAVA_TOOL_OPTIONS:-} ${JDK_JAVA_OPTIONS:-}"
  for opt in ${words[@]+"${words[@]}"}; do
    case $opt in
      -XX:+UseSerialGC | -XX:+UseParallelGC | -XX:+UseG1GC | -XX:+UseZGC | -XX:+UseShenandoahGC | -XX:+UseEpsilonGC) gc="" ;;
    esac
  done
  [ -z "$gc" ] || TL_JVM_OPTS+=("$gc")
  # Compiler threads kept on some CPUs (tl_pin_jit) must all start with the JVM. The option
  # goes with the setting, not with the machine, so that an AOT cache (whose name sums the
  # options) trained on one machine is found on another.
  TL_JIT_CPUS=$(tl_jit_cpus) || exit 1
  [ "${TASKLANE_JIT_CPUS:-auto}" = off ] || TL_JVM_OPTS+=(-XX:-UseDynamicNumberOfCompilerThreads)
  if [ -n "${TASKLANE_JAVA_OPTS:-}" ]; then
    read -r -a words <<<"$TASKLANE_JAVA_OPTS"
    TL_JVM_OPTS+=(${words[@]+"${words[@]}"})
  fi
}

# ---------------------------------------------------------------- AOT cache
#
# On Java 25+, a launcher starts its JVM with an ahead-of-time cache (JEP 483, JEP 515) when one
# made by tl_aot_train for the same JVM, class path and options exists: classes come loaded and
# linked, and the JIT compilers start from the method profiles of the training run instead of
# collecting them first. A fresh worker then reaches full speed after far fewer tasks. Caches
# live in TASKLANE_AOT_DIR (default $XDG_CACHE_HOME/tasklane, else ~/.cache/tasklane; none
# without either or HOME); TASKLANE_AOT=0 turns them off.

_tl_aot_dir() {
  if [ -n "${TASKLANE_AOT_DIR:-}" ]; then
    printf '%s\n' "$TASKLANE_AOT_DIR"
  elif [ -n "${XDG_CACHE_HOME:-}" ]; then
    printf '%s\n' "$XDG_CACHE_HOME/tasklane"
  elif [ -n "${HOME:-}" ]; then
    printf '%s\n' "$HOME/.cache/tasklane"
  fi
}

# _tl_file_sig FILE: size and modification time of FILE (GNU or BSD stat), or "-".
_tl_file_sig() {
  stat -c '%s.%Y' "$1" 2>/dev/null || stat -f '%z.%m' "$1" 2>/dev/null || printf '%s' -
}

_tl_sum() { printf '%s' "$1" | cksum | cut -d' ' -f1; }

# tl_aot_cache scheduler|worker: after _tl_launch_setup, prints the AOT cache file for this
# JVM, class path and options, or nothing when caches do not apply (Java < 25, TASKLANE_AOT=0,
# no cache directory). The name is WHICH-SETUP-BUILD.aot: SETUP sums the JVM, the options and
# the class path, BUILD adds the sizes and times of the JVM library and of every jar.
tl_aot_cache() {
  [ "${TASKLANE_AOT:-1}" != 0 ] && [ "${TL_JAVA_MAJOR:-0}" -ge 25 ] || return 0
  local dir setup build entry
  local -a entries=()
  dir=$(_tl_aot_dir)
  [ -n "$dir" ] || return 0
  setup="$JAVA ${TL_JVM_OPTS[*]:-} $TL_LAUNCH_CP"
  build="$(_tl_file_sig "$JAVA_HOME/lib/server/libjvm.so")"
  IFS=: read -r -a entries <<<"$TL_LAUNCH_CP"
  for entry in ${entries[@]+"${entries[@]}"}; do
    build="$build $(_tl_file_sig "$entry")"
  done
  printf '%s/%s-%s-%s.aot\n' "$dir" "$1" "$(_tl_sum "$setup")" "$(_tl_sum "$setup $build")"
}

# tl_aot_train: makes the worker's and the scheduler's AOT caches (for the current JVM, class
# paths, plug-ins and TASKLANE_JAVA_OPTS) from a training run: a worker of concurrency 50 on a
# throwaway redis-server runs TASKLANE_AOT_TASKS (default 30000) tasks submitted in bulk by
# submit-task. Takes about 20 s. Replaces the caches of earlier builds of the same setup.
# Returns 1 (with a message) when Java is older than 25 or training fails. Runs in a subshell,
# which stops what it started however it ends.
tl_aot_train() (
  tl_find_java
  if [ "${TL_JAVA_MAJOR:-0}" -lt 25 ]; then
    tl_msg "AOT caches need Java 25 or newer; $JAVA_HOME is Java $TL_JAVA_MAJOR"
    exit 1
  fi
  tl_ensure_built
  tl_ensure_redis_server
  local n=${TASKLANE_AOT_TASKS:-30000} wcache scache dir rc=0 f
  local -a wopts sopts
  _tl_launch_setup worker
  wcache=$(TASKLANE_AOT=1 tl_aot_cache worker)
  wopts=(${TL_JVM_OPTS[@]+"${TL_JVM_OPTS[@]}"} -cp "$TL_LAUNCH_CP")
  _tl_launch_setup scheduler
  scache=$(TASKLANE_AOT=1 tl_aot_cache scheduler)
  sopts=(${TL_JVM_OPTS[@]+"${TL_JVM_OPTS[@]}"} -cp "$TL_LAUNCH_CP")
  if [ -z "$wcache" ]; then
    tl_msg "no directory for AOT caches: set TASKLANE_AOT_DIR (or HOME)"
    exit 1
  fi
  dir=$(dirname "$wcache")
  mkdir -p "$dir" 2>/dev/null && [ -w "$dir" ] || {
    tl_msg "cannot write AOT caches into $dir: set TASKLANE_AOT_DIR to a writable directory"
    exit 1
  }
  TL_AOT_WORK=$(mktemp -d "${TMPDIR:-/tmp}/tasklane-aot.XXXXXX")
  TL_AOT_WPID=""
  trap '[ -z "$TL_AOT_WPID" ] || kill -KILL "$TL_AOT_WPID" 2>/dev/null
    tl_stop_redis "$TL_AOT_WORK/redis" >/dev/null 2>&1; rm -rf "$TL_AOT_WORK"
    rm -f "$TL_AOT_WCACHE.$BASHPID" "$TL_AOT_SCACHE.$BASHPID"' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  TL_AOT_WCACHE=$wcache TL_AOT_SCACHE=$scache
  local work=$TL_AOT_WORK url
  url=$(tl_start_redis "$work/redis") || exit 1
  awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++) print (i % 10 == 0 ? "{\"type\":\"echo\",\"payload\":{\"i\":" i "}}" : "{\"type\":\"noop\"}") }' >"$work/tasks.jsonl"
  "$JAVA" "${wopts[@]}" -XX:AOTCacheOutput="$work/worker.aot" io.tasklane.worker.cli.WorkerCommand \
    --redis "$url" --concurrency 50 >"$work/worker.log" 2>&1 </dev/null &
  TL_AOT_WPID=$!
  "$JAVA" "${sopts[@]}" -XX:AOTCacheOutput="$work/scheduler.aot" io.tasklane.scheduler.cli.SubmitTaskCommand \
    --redis "$url" --from "$work/tasks.jsonl" --any-type --wait --wait-timeout 120s >"$work/submit.log" 2>&1 </dev/null || rc=$?
  # The worker writes its cache as it exits.
  kill -TERM "$TL_AOT_WPID" 2>/dev/null || true
  wait "$TL_AOT_WPID" || true
  TL_AOT_WPID=""
  if [ "$rc" != 0 ] || [ ! -s "$work/worker.aot" ] || [ ! -s "$work/scheduler.aot" ]; then
    tl_msg "AOT training failed (submit-task exit code $rc); last lines of its logs:"
    tail -n 5 "$work/submit.log" "$work/worker.log" >&2
    exit 1
  fi
  # Caches of earlier builds of the same setup are of no use once these exist.
  for f in "${wcache%-*}"-*.aot "${scache%-*}"-*.aot; do
    [ ! -f "$f" ] || rm -f "$f" "$f.opts" 2>/dev/null || true
  done
  cp "$work/worker.aot" "$wcache.$BASHPID" && mv -f "$wcache.$BASHPID" "$wcache" &&
    cp "$work/scheduler.aot" "$scache.$BASHPID" && mv -f "$scache.$BASHPID" "$scache" || {
    tl_msg "cannot write the AOT caches into $dir"
    exit 1
  }
  # A worker compiles the methods the training run compiled as soon as it starts, instead of
  # when they have run often enough again: its first tasks then run compiled code sooner
  # (docs/benchmarks.md). The option is experimental in JDK 25, so it is written beside the
  # cache only when this JVM takes it; a JVM without it just goes without.
  rm -f "$wcache.opts"
  if "$JAVA" -XX:+UnlockExperimentalVMOptions -XX:+AOTCompileEagerly -version >/dev/null 2>&1; then
    printf '%s\n' -XX:+UnlockExperimentalVMOptions -XX:+AOTCompileEagerly >"$wcache.opts"
  fi
)

# ---------------------------------------------------------------- JIT compiler threads
#
# Redis, workers and producers often share a few cores, and a task for an idle worker wakes a
# thread about eight times on its way (in the producer, Redis and the worker). A fresh JVM
# compiles its hot paths during its first thousands of tasks; when compiler threads hold every
# core, each of those wake-ups can wait out a compiler's scheduler slice. So the launchers keep
# their JVMs' compiler threads off the first CPU the process may use: one core never compiles,
# and a woken thread finds it free (docs/benchmarks.md, "Keeping the compilers off one core").
# The compilers keep the other cores, so on two cores they have one between them.

# _tl_cpus_allowed: the CPUs this process may run on, in the kernel's list form (0-3,8), or
# nothing without /proc.
_tl_cpus_allowed() {
  sed -n 's/^Cpus_allowed_list:[[:space:]]*//p' /proc/self/status 2>/dev/null || true
}

# _tl_cpu_expand LIST: the CPUs of a list like 0-3,8, one per line; returns 1 on a malformed
# list or a backward range.
_tl_cpu_expand() {
  local part a b c
  local -a parts=()
  [[ $1 =~ ^[0-9]+(-[0-9]+)?(,[0-9]+(-[0-9]+)?)*$ ]] || return 1
  IFS=, read -r -a parts <<<"$1"
  for part in "${parts[@]}"; do
    a=${part%-*} b=${part#*-}
    [ "$a" -le "$b" ] && [ "$b" -lt 65536 ] || return 1
    for ((c = a; c <= b; c++)); do printf '%s\n' "$c"; done
  done
}

# tl_jit_cpus: prints the CPU list (taskset's form) for the JIT compiler threads of the JVMs
# the launchers start, or nothing to leave them where the kernel puts them: with
# TASKLANE_JIT_CPUS=off, and with auto (the default) on one CPU or without taskset or /proc.
# A list of its own must name CPUs this process may use; it needs taskset.
tl_jit_cpus() {
  local want=${TASKLANE_JIT_CPUS:-auto} allowed list c
  local -a cpus=() mine=()
  allowed=$(_tl_cpus_allowed)
  case $want in
    off) return 0 ;;
    auto)
      command -v taskset >/dev/null 2>&1 && [ -n "$allowed" ] || return 0
      mapfile -t cpus < <(_tl_cpu_expand "$allowed") || return 0
      [ "${#cpus[@]}" -ge 2 ] || return 0
      (IFS=,; printf '%s\n' "${cpus[*]:1}")
      ;;
    *)
      list=$(_tl_cpu_expand "$want") ||
        tl_die "TASKLANE_JIT_CPUS=$want is not a CPU list: give auto, off, or CPUs like 1 or 2-3,6"
      mapfile -t mine <<<"$list"
      command -v taskset >/dev/null 2>&1 ||
        tl_die "TASKLANE_JIT_CPUS=$want needs taskset (util-linux), which is not installed: install it or set TASKLANE_JIT_CPUS=off"
      if [ -n "$allowed" ]; then
        mapfile -t cpus < <(_tl_cpu_expand "$allowed")
        for c in "${mine[@]}"; do
          [[ " ${cpus[*]} " == *" $c "* ]] ||
            tl_die "TASKLANE_JIT_CPUS=$want names CPU $c, which this process may not use (it may use $allowed): give auto, off, or CPUs among those"
        done
      fi
      printf '%s\n' "$want"
      ;;
  esac
}

# tl_pin_jit PID CPUS: in the background, moves the JIT compiler threads of the JVM that PID
# is (or is about to become by exec) onto CPUS: it looks every 20 ms until it has found some
# and a look after that finds no more, or for 5 s when none appears (-Xint). Needs
# -XX:-UseDynamicNumberOfCompilerThreads in that JVM, so that all of them start with it,
# together, as the JVM starts. Does
# nothing when CPUS is empty, or when the caller is PID 1 (a container's entrypoint without an
# init): the helper, detached so that the JVM never has a child of its own, would be reparented
# to the JVM, which does not reap it.
tl_pin_jit() {
  [ -n "${2:-}" ] && [ "$BASHPID" != 1 ] || return 0
  (_tl_pin_jit_loop "$1" "$2" </dev/null >/dev/null 2>&1 &)
}

_tl_pin_jit_loop() {
  local pid=$1 cpus=$2 t name i quiet=-1
  local -A pinned=()
  for ((i = 0; i < 250 && quiet < 2; i++)); do
    [ -d "/proc/$pid" ] || return 0
    [ "$quiet" -lt 0 ] || quiet=$((quiet + 1))
    for t in /proc/"$pid"/task/*; do
      [ -z "${pinned[${t##*/}]:-}" ] || continue
      read -r name <"$t/comm" 2>/dev/null || continue
      case $name in
        "C1 CompilerThre"* | "C2 CompilerThre"* | "JVMCI CompilerT"*)
          taskset -p -c "$cpus" "${t##*/}" >/dev/null 2>&1 || return 0
          pinned[${t##*/}]=1
          quiet=0
          ;;
      esac
    done
    sleep 0.02
  done
}

# tl_run_main scheduler|worker MAIN_CLASS [ARGS...]: exec the main class (never returns).
tl_run_main() {
  local which=$1 main=$2 aot
  shift 2
  tl_find_java
  tl_ensure_built
  _tl_launch_setup "$which"
  aot=$(tl_aot_cache "$which")
  # A cache the JVM cannot use (it checks) is skipped without a word.
  if [ -n "$aot" ] && [ -f "$aot" ]; then
    TL_JVM_OPTS+=(-XX:AOTCache="$aot" -Xlog:aot=off -Xlog:cds=off)
    # options training found this JVM takes with the cache (tl_aot_train), one per line
    if [ -f "$aot.opts" ]; then
      local opt
      while IFS= read -r opt; do [ -z "$opt" ] || TL_JVM_OPTS+=("$opt"); done <"$aot.opts"
    fi
  fi
  tl_pin_jit "$BASHPID" "$TL_JIT_CPUS"
  exec "$JAVA" ${TL_JVM_OPTS[@]+"${TL_JVM_OPTS[@]}"} -cp "$TL_LAUNCH_CP" "$main" "$@"
}
