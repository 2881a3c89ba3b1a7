/*
 * fake-dahdi.c - a DAHDI channel device without DAHDI, for testing the
 * driver through its real system calls.
 *
 * What it does: built as a shared library and loaded with LD_PRELOAD into a
 * node process that runs the real addon, it interposes open, ioctl, read,
 * write, poll and close.  Calls on the path named by FAKE_DAHDI_PATH behave
 * like /dev/dahdi/channel; every other path and fd goes to libc untouched.
 * Every call on a fake fd is appended, as one JSON line, to the file named by
 * FAKE_DAHDI_LOG, so tests check the exact requests, arguments and data.
 *
 * How: fake fds are real eventfds (so their numbers never collide with
 * node's).  The device is a row of E1 spans of 31 channels (channel
 * (s-1)*31+p is position p of span s).  A control path, FAKE_DAHDI_PATH
 * followed by ".ctl", takes text commands on write (see control() below):
 * span framing, a cross-connect between two spans (what one transmits the
 * other receives, like a cable between two ports), received bits, frames,
 * audio and events, alarms, and one-shot ioctl/open failures.
 *
 * DAHDI semantics emulated (dahdi/user.h; chan_dahdi and libpri usage):
 *  - DAHDI_SPECIFY binds an fd to a channel; DAHDI_SET_BLOCKSIZE 16..8192;
 *    DAHDI_GET_PARAMS (channo 0 = this fd's channel); DAHDI_SETLAW;
 *    DAHDI_GETRXBITS / DAHDI_SETTXBITS (CAS only; a change raises
 *    DAHDI_EVENT_BITSCHANGED at the far end); DAHDI_GETEVENT; DAHDI_HOOK
 *    (FXS/FXO only); DAHDI_IOMUX; DAHDI_SPANSTAT; DAHDI_GET/SET_BUFINFO;
 *    DAHDI_CHANNO.  Anything else fails with ENOTTY and is logged.
 *  - read/write fail with ELAST while an event is queued (as DAHDI does),
 *    so the driver must drain events with DAHDI_GETEVENT.
 *  - Audio: a read returns one block (blocksize octets); in pace "instant"
 *    (default) a block is always there, padded with A-law idle 0xD5; in pace
 *    "realtime" (FAKE_DAHDI_PACE) one block falls due every blocksize/8 ms
 *    of CLOCK_MONOTONIC after DAHDI_SPECIFY, and poll/read wait or EAGAIN.
 *  - HDLC (DAHDI_SIG_HDLCFCS): a read returns one whole frame followed by
 *    its two FCS octets (CRC-16/X.25, computed here); a write gives one frame
 *    plus two octets the kernel would overwrite with the FCS.
 *  - poll: POLLIN when a read would return data, POLLOUT always, POLLPRI
 *    while an event is queued.
 *
 * Limits: one process; at most 8 spans; fake fds below 1024; no conference, echo
 * canceller, tone zones or transcoding; blocking reads are not emulated for
 * HDLC (they return EAGAIN).
 */

#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include <dahdi/user.h>

#define SPANS 8
#define CHANS_PER_SPAN 31
#define MAX_CHAN (SPANS * CHANS_PER_SPAN)
#define MAX_FDS 1024
#define QUEUE_OCTETS 65536
#define FRAMES_QUEUED 64
#define FRAME_OCTETS_MAX 1024
#define EVENTS_QUEUED 64
#define ALAW_IDLE 0xD5

typedef int (*open_fn)(const char *, int, ...);
typedef int (*ioctl_fn)(int, unsigned long, ...);
typedef ssize_t (*rw_fn)(int, void *, size_t);
typedef ssize_t (*w_fn)(int, const void *, size_t);
typedef int (*poll_fn)(struct pollfd *, nfds_t, int);
typedef int (*close_fn)(int);

static open_fn real_open, real_open64;
static ioctl_fn real_ioctl;
static rw_fn real_read;
static w_fn real_write;
static poll_fn real_poll;
static close_fn real_close;

struct frame {
    int len;
    uint8_t data[FRAME_OCTETS_MAX];
};

struct chan {
    int sig;
    int rxbits, txbits;
    int law;
    int hook;
    uint8_t rxq[QUEUE_OCTETS];
    int rxq_len;
    struct frame frames[FRAMES_QUEUED];
    int frames_head, frames_len;
    int events[EVENTS_QUEUED];
    int ev_head, ev_len;
};

struct fakefd {
    int used, ctl;
    int channo;
    int blocksize;
    long long blocks_read;
    struct timespec t0;
};

struct fail {
    unsigned long req;
    int channo; /* 0 = any */
    int err;
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static struct chan chans[MAX_CHAN + 1];
static struct fakefd fds[MAX_FDS];
static int span_alarms[SPANS + 1];
static int cross[SPANS + 1];
static struct fail fails[16];
static int nfails;
static int open_fail_errno;
static int realtime;
static int log_fd = -1;
static const char *dev_path;
static char ctl_path[512];

static void init(void)
{
    static int done;
    if (done)
        return;
    done = 1;
    real_open = (open_fn)dlsym(RTLD_NEXT, "open");
    real_open64 = (open_fn)dlsym(RTLD_NEXT, "open64");
    real_ioctl = (ioctl_fn)dlsym(RTLD_NEXT, "ioctl");
    real_read = (rw_fn)dlsym(RTLD_NEXT, "read");
    real_write = (w_fn)dlsym(RTLD_NEXT, "write");
    real_poll = (poll_fn)dlsym(RTLD_NEXT, "poll");
    real_close = (close_fn)dlsym(RTLD_NEXT, "close");
    dev_path = getenv("FAKE_DAHDI_PATH");
    if (dev_path)
        snprintf(ctl_path, sizeof ctl_path, "%s.ctl", dev_path);
    const char *pace = getenv("FAKE_DAHDI_PACE");
    realtime = pace && strcmp(pace, "realtime") == 0;
    const char *log = getenv("FAKE_DAHDI_LOG");
    if (log)
        log_fd = real_open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    for (int c = 1; c <= MAX_CHAN; c++) {
        /* An unconfigured span: every position a CAS channel, idle bits. */
        chans[c].sig = ((c - 1) % CHANS_PER_SPAN + 1 == 16) ? 0 : DAHDI_SIG_CAS;
        chans[c].rxbits = 0;
        chans[c].txbits = 0;
        chans[c].law = DAHDI_LAW_MULAW;
    }
}

/* ---- log -------------------------------------------------------------- */

static void logf_(const char *fmt, ...)
{
    if (log_fd < 0)
        return;
    char line[8192];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line - 2, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if (n > (int)sizeof line - 2)
        n = sizeof line - 2;
    line[n++] = '\n';
    real_write(log_fd, line, (size_t)n);
}

static void hex(char *out, size_t cap, const uint8_t *p, size_t n)
{
    static const char digits[] = "0123456789abcdef";
    size_t o = 0;
    for (size_t i = 0; i < n && o + 3 < cap; i++) {
        out[o++] = digits[p[i] >> 4];
        out[o++] = digits[p[i] & 15];
    }
    out[o] = 0;
}

/* ---- channel model ---------------------------------------------------- */

static int span_of(int channo) { return (channo - 1) / CHANS_PER_SPAN + 1; }
static int pos_of(int channo) { return (channo - 1) % CHANS_PER_SPAN + 1; }

/* The channel that receives what `channo` transmits, or 0. */
static int far_end(int channo)
{
    int s = span_of(channo);
    if (s < 1 || s > SPANS || cross[s] == 0)
        return 0;
    return (cross[s] - 1) * CHANS_PER_SPAN + pos_of(channo);
}

static int is_hdlc(int sig) { return (sig & DAHDI_SIG_HDLCRAW) == DAHDI_SIG_HDLCRAW; }

static void push_event(int channo, int ev)
{
    struct chan *c = &chans[channo];
    if (c->ev_len == EVENTS_QUEUED)
        return;
    c->events[(c->ev_head + c->ev_len++) % EVENTS_QUEUED] = ev;
}

static void push_frame(int channo, const uint8_t *p, int len)
{
    struct chan *c = &chans[channo];
    if (c->frames_len == FRAMES_QUEUED || len > FRAME_OCTETS_MAX - 2)
        return;
    struct frame *f = &c->frames[(c->frames_head + c->frames_len++) % FRAMES_QUEUED];
    memcpy(f->data, p, (size_t)len);
    f->len = len;
}

static void push_audio(int channo, const uint8_t *p, int len)
{
    struct chan *c = &chans[channo];
    if (c->rxq_len + len > QUEUE_OCTETS)
        len = QUEUE_OCTETS - c->rxq_len;
    memcpy(c->rxq + c->rxq_len, p, (size_t)len);
    c->rxq_len += len;
}

/* CRC-16/X.25 (reflected 0x1021, init 0xFFFF, complemented), Q.921 2.7. */
static uint16_t fcs16(const uint8_t *p, int n)
{
    uint16_t crc = 0xFFFF;
    for (int i = 0; i < n; i++) {
        crc ^= p[i];
        for (int b = 0; b < 8; b++)
            crc = (crc & 1) ? (uint16_t)((crc >> 1) ^ 0x8408) : (uint16_t)(crc >> 1);
    }
    return (uint16_t)~crc;
}

static int set_alarms(int span, int alarms)
{
    if (span < 1 || span > SPANS)
        return -1;
    int was = span_alarms[span];
    span_alarms[span] = alarms;
    /* As dahdi_alarm_notify: events only on entering or leaving alarm. */
    if ((was != 0) == (alarms != 0))
        return 0;
    for (int p = 1; p <= CHANS_PER_SPAN; p++)
        push_event((span - 1) * CHANS_PER_SPAN + p, alarms ? DAHDI_EVENT_ALARM : DAHDI_EVENT_NOALARM);
    return 0;
}

static int parse_hex(const char *s, uint8_t *out, int cap)
{
    int n = 0;
    while (s[0] && s[1] && n < cap) {
        unsigned v;
        if (sscanf(s, "%2x", &v) != 1)
            break;
        out[n++] = (uint8_t)v;
        s += 2;
    }
    return n;
}

static const char *req_name(unsigned long req)
{
    switch (req) {
    case DAHDI_SPECIFY: return "DAHDI_SPECIFY";
    case DAHDI_SET_BLOCKSIZE: return "DAHDI_SET_BLOCKSIZE";
    case DAHDI_GET_PARAMS: return "DAHDI_GET_PARAMS";
    case DAHDI_SETLAW: return "DAHDI_SETLAW";
    case DAHDI_GETRXBITS: return "DAHDI_GETRXBITS";
    case DAHDI_SETTXBITS: return "DAHDI_SETTXBITS";
    case DAHDI_GETEVENT: return "DAHDI_GETEVENT";
    case DAHDI_HOOK: return "DAHDI_HOOK";
    case DAHDI_IOMUX: return "DAHDI_IOMUX";
    case DAHDI_SPANSTAT: return "DAHDI_SPANSTAT";
    case DAHDI_GET_BUFINFO: return "DAHDI_GET_BUFINFO";
    case DAHDI_SET_BUFINFO: return "DAHDI_SET_BUFINFO";
    case DAHDI_CHANNO: return "DAHDI_CHANNO";
    default: return "unknown";
    }
}

/* A request by its name in <dahdi/user.h> (or its number); 0 if unknown. */
static unsigned long req_number(const char *name)
{
    static const unsigned long known[] = {
        DAHDI_SPECIFY, DAHDI_SET_BLOCKSIZE, DAHDI_GET_PARAMS, DAHDI_SETLAW, DAHDI_GETRXBITS,
        DAHDI_SETTXBITS, DAHDI_GETEVENT, DAHDI_HOOK, DAHDI_IOMUX, DAHDI_SPANSTAT,
        DAHDI_GET_BUFINFO, DAHDI_SET_BUFINFO, DAHDI_CHANNO,
    };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (strcmp(req_name(known[i]), name) == 0)
            return known[i];
    return strtoul(name, NULL, 0);
}

/*
 * Control commands, one per line:
 *   framing SPAN cas|ccs|fxs|fxo   signalling of every position of SPAN
 *   cross A B                      span A's transmit is span B's receive and back
 *   rxbits CHAN BITS               far end's ABCD (0..15), raises BITSCHANGED
 *   frame CHAN HEX                 an HDLC frame (no FCS) arrives on CHAN
 *   audio CHAN HEX                 A-law octets arrive on CHAN
 *   event CHAN N                   queue DAHDI event N on CHAN
 *   alarm SPAN MASK                span alarms (DAHDI_ALARM_* bits); ALARM/NOALARM events
 *   fail REQ CHAN ERRNO            next ioctl REQ (name or number) on CHAN (0 = any) fails
 *   failopen ERRNO                 next open of the device path fails
 */
static void control_line(char *line)
{
    char cmd[16], arg[4096];
    int a = 0, b = 0;
    arg[0] = 0;
    if (sscanf(line, "%15s", cmd) != 1)
        return;
    if (strcmp(cmd, "framing") == 0 && sscanf(line, "%*s %d %15s", &a, arg) == 2 && a >= 1 && a <= SPANS) {
        for (int p = 1; p <= CHANS_PER_SPAN; p++) {
            int sig = DAHDI_SIG_CAS;
            if (strcmp(arg, "ccs") == 0)
                sig = p == 16 ? DAHDI_SIG_HDLCFCS : DAHDI_SIG_CLEAR;
            else if (strcmp(arg, "fxs") == 0)
                sig = DAHDI_SIG_FXSLS;
            else if (strcmp(arg, "fxo") == 0)
                sig = DAHDI_SIG_FXOLS;
            else if (p == 16)
                sig = 0;
            chans[(a - 1) * CHANS_PER_SPAN + p].sig = sig;
        }
    } else if (strcmp(cmd, "cross") == 0 && sscanf(line, "%*s %d %d", &a, &b) == 2 && a >= 1 && a <= SPANS &&
               b >= 1 && b <= SPANS) {
        cross[a] = b;
        cross[b] = a;
    } else if (strcmp(cmd, "rxbits") == 0 && sscanf(line, "%*s %d %d", &a, &b) == 2 && a >= 1 && a <= MAX_CHAN) {
        chans[a].rxbits = b & 15;
        push_event(a, DAHDI_EVENT_BITSCHANGED);
    } else if (strcmp(cmd, "frame") == 0 && sscanf(line, "%*s %d %4095s", &a, arg) == 2 && a >= 1 &&
               a <= MAX_CHAN) {
        uint8_t buf[FRAME_OCTETS_MAX];
        push_frame(a, buf, parse_hex(arg, buf, FRAME_OCTETS_MAX - 2));
    } else if (strcmp(cmd, "audio") == 0 && sscanf(line, "%*s %d %4095s", &a, arg) == 2 && a >= 1 &&
               a <= MAX_CHAN) {
        uint8_t buf[2048];
        push_audio(a, buf, parse_hex(arg, buf, (int)sizeof buf));
    } else if (strcmp(cmd, "event") == 0 && sscanf(line, "%*s %d %d", &a, &b) == 2 && a >= 1 && a <= MAX_CHAN) {
        push_event(a, b);
    } else if (strcmp(cmd, "alarm") == 0 && sscanf(line, "%*s %d %d", &a, &b) == 2) {
        set_alarms(a, b);
    } else if (strcmp(cmd, "fail") == 0 && nfails < 16) {
        char name[64];
        int err;
        if (sscanf(line, "%*s %63s %d %d", name, &a, &err) == 3) {
            unsigned long req = req_number(name);
            if (req)
                fails[nfails++] = (struct fail){req, a, err};
        }
    } else if (strcmp(cmd, "failopen") == 0 && sscanf(line, "%*s %d", &a) == 1) {
        open_fail_errno = a;
    }
    logf_("{\"op\":\"ctl\",\"line\":\"%s\"}", cmd);
}

static void control(const char *p, size_t n)
{
    char line[8192];
    size_t o = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i == n || p[i] == '\n') {
            line[o] = 0;
            if (o)
                control_line(line);
            o = 0;
        } else if (o + 1 < sizeof line) {
            line[o++] = p[i];
        }
    }
}

/* ---- pacing ------------------------------------------------------------ */

static long long blocks_due(struct fakefd *f)
{
    if (!realtime)
        return f->blocks_read + 1;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    long long us = (now.tv_sec - f->t0.tv_sec) * 1000000LL + (now.tv_nsec - f->t0.tv_nsec) / 1000;
    long long block_us = (long long)f->blocksize * 125;
    return us / block_us;
}

static int readable(struct fakefd *f)
{
    if (f->ctl || f->channo == 0)
        return 0;
    struct chan *c = &chans[f->channo];
    if (is_hdlc(c->sig))
        return c->frames_len > 0;
    return blocks_due(f) > f->blocks_read;
}

/* ---- interposed calls ------------------------------------------------- */

static struct fakefd *fake(int fd)
{
    if (fd < 0 || fd >= MAX_FDS || !fds[fd].used)
        return NULL;
    return &fds[fd];
}

static int open_common(open_fn real, const char *path, int flags, mode_t mode)
{
    init();
    if (dev_path && (strcmp(path, dev_path) == 0 || strcmp(path, ctl_path) == 0)) {
        int is_ctl = strcmp(path, ctl_path) == 0;
        pthread_mutex_lock(&mu);
        if (!is_ctl && open_fail_errno) {
            int e = open_fail_errno;
            open_fail_errno = 0;
            logf_("{\"op\":\"open\",\"path\":\"%s\",\"flags\":%d,\"ret\":-1,\"errno\":%d}", path, flags, e);
            pthread_mutex_unlock(&mu);
            errno = e;
            return -1;
        }
        int fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
        if (fd >= 0 && fd < MAX_FDS) {
            memset(&fds[fd], 0, sizeof fds[fd]);
            fds[fd].used = 1;
            fds[fd].ctl = is_ctl;
            fds[fd].blocksize = 1024; /* DAHDI's default block size */
        }
        if (!is_ctl)
            logf_("{\"op\":\"open\",\"path\":\"%s\",\"flags\":%d,\"fd\":%d}", path, flags, fd);
        pthread_mutex_unlock(&mu);
        return fd;
    }
    return real(path, flags, mode);
}

int open(const char *path, int flags, ...)
{
    va_list ap;
    va_start(ap, flags);
    mode_t mode = (flags & (O_CREAT | O_TMPFILE)) ? va_arg(ap, mode_t) : 0;
    va_end(ap);
    init();
    return open_common(real_open, path, flags, mode);
}

int open64(const char *path, int flags, ...)
{
    va_list ap;
    va_start(ap, flags);
    mode_t mode = (flags & (O_CREAT | O_TMPFILE)) ? va_arg(ap, mode_t) : 0;
    va_end(ap);
    init();
    return open_common(real_open64, path, flags, mode);
}

int __open_2(const char *path, int flags) { init(); return open_common(real_open, path, flags, 0); }
int __open64_2(const char *path, int flags) { init(); return open_common(real_open64, path, flags, 0); }

static int get_params(struct fakefd *f, struct dahdi_params *p, int *logged_arg)
{
    int channo = p->channo & ~DAHDI_GET_PARAMS_RETURN_MASTER;
    *logged_arg = channo;
    if (channo == 0)
        channo = f->channo; /* channo 0: this fd's channel, as dahdi-base */
    if (channo < 1 || channo > MAX_CHAN)
        return EINVAL;
    memset(p, 0, sizeof *p);
    p->channo = channo;
    p->spanno = span_of(channo);
    p->chanpos = pos_of(channo);
    p->sigtype = chans[channo].sig;
    p->sigcap = chans[channo].sig;
    p->rxbits = chans[channo].rxbits;
    p->txbits = chans[channo].txbits;
    p->curlaw = chans[channo].law;
    p->chan_alarms = (uint32_t)span_alarms[span_of(channo)];
    snprintf(p->name, sizeof p->name, "FAKE/%d/%d", p->spanno, p->chanpos);
    return 0;
}

static int span_stat(struct fakefd *f, struct dahdi_spaninfo *s, int *logged_arg)
{
    int span = s->spanno ? s->spanno : span_of(f->channo);
    *logged_arg = s->spanno;
    if (span < 1 || span > SPANS)
        return EINVAL;
    memset(s, 0, sizeof *s);
    s->spanno = span;
    snprintf(s->name, sizeof s->name, "FAKE/%d", span);
    s->alarms = span_alarms[span];
    s->numchans = CHANS_PER_SPAN;
    s->totalchans = CHANS_PER_SPAN;
    s->totalspans = SPANS;
    return 0;
}

static int set_txbits(struct fakefd *f, struct chan *c, int bits)
{
    if (c->sig != DAHDI_SIG_CAS)
        return EINVAL; /* dahdi-base: CAS channels only */
    bits &= 15;
    int changed = bits != c->txbits;
    c->txbits = bits;
    int far = far_end(f->channo);
    if (far && changed) {
        chans[far].rxbits = bits;
        push_event(far, DAHDI_EVENT_BITSCHANGED);
    }
    return 0;
}

static int get_event(struct chan *c)
{
    if (!c->ev_len)
        return DAHDI_EVENT_NONE;
    int ev = c->events[c->ev_head];
    c->ev_head = (c->ev_head + 1) % EVENTS_QUEUED;
    c->ev_len--;
    return ev;
}

static int iomux(struct fakefd *f, struct chan *c, int want)
{
    int got = 0;
    if ((want & DAHDI_IOMUX_SIGEVENT) && c->ev_len)
        got |= DAHDI_IOMUX_SIGEVENT;
    if ((want & DAHDI_IOMUX_READ) && readable(f))
        got |= DAHDI_IOMUX_READ;
    got |= want & (DAHDI_IOMUX_WRITE | DAHDI_IOMUX_WRITEEMPTY);
    return got;
}

/* A failure queued by "fail" for this request and channel: its errno, or 0. */
static int take_failure(struct fakefd *f, unsigned long req)
{
    for (int i = 0; i < nfails; i++) {
        if (fails[i].req == req && (fails[i].channo == 0 || fails[i].channo == f->channo)) {
            int e = fails[i].err;
            fails[i] = fails[--nfails];
            return e;
        }
    }
    return 0;
}

static int specify(struct fakefd *f, int channo)
{
    if (f->channo)
        return EINVAL;
    if (channo < 1 || channo > MAX_CHAN || chans[channo].sig == 0)
        return ENXIO;
    f->channo = channo;
    clock_gettime(CLOCK_MONOTONIC, &f->t0);
    return 0;
}

/* One ioctl on a fake channel fd, with the lock held; returns 0 or an errno. */
static int chan_ioctl(struct fakefd *f, unsigned long req, void *argp, int *logged_arg)
{
    int *ip = (int *)argp;
    struct chan *c = f->channo ? &chans[f->channo] : NULL;
    int err = take_failure(f, req);
    if (err)
        return err;
    if (req == DAHDI_SPECIFY) {
        *logged_arg = *ip;
        return specify(f, *ip);
    }
    if (!c)
        return EINVAL; /* DAHDI refuses channel ioctls before DAHDI_SPECIFY */
    switch (req) {
    case DAHDI_SET_BLOCKSIZE:
        *logged_arg = *ip;
        if (*ip < 16 || *ip > DAHDI_MAX_BLOCKSIZE)
            return EINVAL; /* the bounds of dahdi-base */
        f->blocksize = *ip;
        clock_gettime(CLOCK_MONOTONIC, &f->t0);
        f->blocks_read = 0;
        return 0;
    case DAHDI_GET_PARAMS:
        return get_params(f, (struct dahdi_params *)argp, logged_arg);
    case DAHDI_SETLAW:
        *logged_arg = *ip;
        if (*ip != DAHDI_LAW_DEFAULT && *ip != DAHDI_LAW_MULAW && *ip != DAHDI_LAW_ALAW)
            return EINVAL;
        c->law = *ip == DAHDI_LAW_DEFAULT ? DAHDI_LAW_MULAW : *ip;
        return 0;
    case DAHDI_GETRXBITS:
        *ip = c->rxbits;
        *logged_arg = *ip;
        return 0;
    case DAHDI_SETTXBITS:
        *logged_arg = *ip;
        return set_txbits(f, c, *ip);
    case DAHDI_GETEVENT:
        *ip = get_event(c);
        *logged_arg = *ip;
        return 0;
    case DAHDI_HOOK:
        *logged_arg = *ip;
        if (!(c->sig & (__DAHDI_SIG_FXS | __DAHDI_SIG_FXO)))
            return EINVAL;
        c->hook = *ip;
        return 0;
    case DAHDI_IOMUX:
        *logged_arg = *ip;
        *ip = iomux(f, c, *ip);
        return 0;
    case DAHDI_SPANSTAT:
        return span_stat(f, (struct dahdi_spaninfo *)argp, logged_arg);
    case DAHDI_GET_BUFINFO:
    case DAHDI_SET_BUFINFO:
        return 0;
    case DAHDI_CHANNO:
        *ip = f->channo;
        *logged_arg = *ip;
        return 0;
    default:
        return ENOTTY;
    }
}

int ioctl(int fd, unsigned long req, ...)
{
    va_list ap;
    va_start(ap, req);
    void *argp = va_arg(ap, void *);
    va_end(ap);
    init();
    pthread_mutex_lock(&mu);
    struct fakefd *f = fake(fd);
    if (!f || f->ctl) {
        pthread_mutex_unlock(&mu);
        return real_ioctl(fd, req, argp);
    }
    int arg = 0;
    int err = chan_ioctl(f, req, argp, &arg);
    logf_("{\"op\":\"ioctl\",\"fd\":%d,\"chan\":%d,\"req\":\"%s\",\"reqNum\":%lu,\"arg\":%d,\"ret\":%d,\"errno\":%d}",
          fd, f->channo, req_name(req), req, arg, err ? -1 : 0, err);
    pthread_mutex_unlock(&mu);
    if (err) {
        errno = err;
        return -1;
    }
    return 0;
}

static ssize_t fake_read(struct fakefd *f, uint8_t *buf, size_t n)
{
    struct chan *c = &chans[f->channo];
    if (f->channo == 0)
        return -EINVAL;
    if (c->ev_len)
        return -ELAST;
    if (is_hdlc(c->sig)) {
        if (!c->frames_len)
            return -EAGAIN;
        struct frame *fr = &c->frames[c->frames_head];
        c->frames_head = (c->frames_head + 1) % FRAMES_QUEUED;
        c->frames_len--;
        uint16_t fcs = fcs16(fr->data, fr->len);
        fr->data[fr->len] = (uint8_t)(fcs & 0xFF);
        fr->data[fr->len + 1] = (uint8_t)(fcs >> 8);
        size_t len = (size_t)fr->len + 2;
        if (len > n)
            len = n;
        memcpy(buf, fr->data, len);
        return (ssize_t)len;
    }
    if (!readable(f))
        return -EAGAIN;
    size_t len = (size_t)f->blocksize < n ? (size_t)f->blocksize : n;
    size_t have = (size_t)c->rxq_len < len ? (size_t)c->rxq_len : len;
    memcpy(buf, c->rxq, have);
    memmove(c->rxq, c->rxq + have, (size_t)c->rxq_len - have);
    c->rxq_len -= (int)have;
    memset(buf + have, ALAW_IDLE, len - have);
    f->blocks_read++;
    return (ssize_t)len;
}

static ssize_t fake_write(struct fakefd *f, const uint8_t *buf, size_t n)
{
    struct chan *c = &chans[f->channo];
    if (f->channo == 0)
        return -EINVAL;
    if (c->ev_len)
        return -ELAST;
    int far = far_end(f->channo);
    if (is_hdlc(c->sig)) {
        if (n < 2 + 2)
            return -EINVAL;
        if (far)
            push_frame(far, buf, (int)n - 2);
    } else if (far) {
        push_audio(far, buf, (int)n);
    }
    return (ssize_t)n;
}

ssize_t read(int fd, void *buf, size_t n)
{
    init();
    pthread_mutex_lock(&mu);
    struct fakefd *f = fake(fd);
    if (!f || f->ctl) {
        pthread_mutex_unlock(&mu);
        return real_read(fd, buf, n);
    }
    ssize_t r = fake_read(f, (uint8_t *)buf, n);
    if (r >= 0 || r != -EAGAIN) {
        char h[2 * 1100 + 1];
        hex(h, sizeof h, (const uint8_t *)buf, r > 0 ? (size_t)r : 0);
        logf_("{\"op\":\"read\",\"fd\":%d,\"chan\":%d,\"len\":%zu,\"ret\":%zd,\"errno\":%d,\"hex\":\"%s\"}", fd,
              f->channo, n, r < 0 ? (ssize_t)-1 : r, r < 0 ? (int)-r : 0, h);
    }
    pthread_mutex_unlock(&mu);
    if (r < 0) {
        errno = (int)-r;
        return -1;
    }
    return r;
}

ssize_t __read_chk(int fd, void *buf, size_t n, size_t buflen)
{
    (void)buflen;
    return read(fd, buf, n);
}

ssize_t write(int fd, const void *buf, size_t n)
{
    init();
    pthread_mutex_lock(&mu);
    struct fakefd *f = fake(fd);
    if (!f) {
        pthread_mutex_unlock(&mu);
        return real_write(fd, buf, n);
    }
    if (f->ctl) {
        control((const char *)buf, n);
        pthread_mutex_unlock(&mu);
        return (ssize_t)n;
    }
    ssize_t r = fake_write(f, (const uint8_t *)buf, n);
    char h[2 * 1100 + 1];
    hex(h, sizeof h, (const uint8_t *)buf, n);
    logf_("{\"op\":\"write\",\"fd\":%d,\"chan\":%d,\"len\":%zu,\"ret\":%zd,\"errno\":%d,\"hex\":\"%s\"}", fd,
          f->channo, n, r < 0 ? (ssize_t)-1 : r, r < 0 ? (int)-r : 0, h);
    pthread_mutex_unlock(&mu);
    if (r < 0) {
        errno = (int)-r;
        return -1;
    }
    return r;
}

/* Fills revents of the fake entries; returns how many are ready. */
static int fake_revents(struct pollfd *p, nfds_t n)
{
    int ready = 0;
    for (nfds_t i = 0; i < n; i++) {
        struct fakefd *f = fake(p[i].fd);
        if (!f)
            continue;
        short ev = 0;
        if (!f->ctl && f->channo) {
            if (chans[f->channo].ev_len)
                ev |= POLLPRI;
            if (readable(f))
                ev |= POLLIN;
        }
        ev |= POLLOUT;
        p[i].revents = (short)(ev & (p[i].events | POLLPRI));
        if (p[i].revents)
            ready++;
    }
    return ready;
}

int poll(struct pollfd *p, nfds_t n, int timeout)
{
    init();
    struct pollfd realfds[64];
    nfds_t map[64];
    for (;;) {
        nfds_t nreal = 0;
        pthread_mutex_lock(&mu);
        int ready = fake_revents(p, n);
        int any_fake = 0;
        for (nfds_t i = 0; i < n; i++) {
            if (fake(p[i].fd)) {
                any_fake = 1;
            } else if (nreal < 64) {
                realfds[nreal] = p[i];
                map[nreal++] = i;
            }
        }
        pthread_mutex_unlock(&mu);
        if (!any_fake)
            return real_poll(p, n, timeout);
        /* Wait on the real fds for at most one millisecond at a time, then
           look at the fake ones again (their data falls due by the clock). */
        int wait = ready ? 0 : (timeout < 0 || timeout > 1 ? 1 : timeout);
        int r = real_poll(realfds, nreal, wait);
        if (r < 0)
            return r;
        for (nfds_t k = 0; k < nreal; k++) {
            p[map[k]].revents = realfds[k].revents;
            if (realfds[k].revents)
                ready++;
        }
        if (ready || timeout == 0)
            return ready;
        if (timeout > 0 && --timeout == 0)
            return 0;
    }
}

int close(int fd)
{
    init();
    pthread_mutex_lock(&mu);
    struct fakefd *f = fake(fd);
    if (f) {
        if (!f->ctl)
            logf_("{\"op\":\"close\",\"fd\":%d,\"chan\":%d}", fd, f->channo);
        f->used = 0;
    }
    pthread_mutex_unlock(&mu);
    return real_close(fd);
}
