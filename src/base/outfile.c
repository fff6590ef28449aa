/* fopencookie, mkostemps and the getdents64 system call are GNU/Linux interfaces. */
#define _GNU_SOURCE

#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#ifdef __linux__
#include <sys/syscall.h>
#else
#include <dirent.h>
#endif

/* ---- registry ------------------------------------------------------------------
 * Fixed slots so the signal handler neither allocates nor walks a list that could be
 * half-updated: slots are filled and emptied with the cleanup signals blocked. */

enum { SLOT_FREE, SLOT_FILE, SLOT_DIR };

static volatile sig_atomic_t slot_kind[XD_CLEANUP_SLOTS];
static char slot_path[XD_CLEANUP_SLOTS][PATH_MAX];
static volatile sig_atomic_t child_pid;

static const int cleanup_signals[] = {SIGINT, SIGTERM, SIGHUP};

static void block_signals(sigset_t *old)
{
    sigset_t set;
    sigemptyset(&set);
    for (size_t i = 0; i < sizeof cleanup_signals / sizeof cleanup_signals[0]; i++)
        sigaddset(&set, cleanup_signals[i]);
    sigprocmask(SIG_BLOCK, &set, old);
}

static void restore_signals(const sigset_t *old) { sigprocmask(SIG_SETMASK, old, NULL); }

/* Signals must be blocked by the caller. */
static int slot_claim(int kind, const char *path)
{
    for (int i = 0; i < XD_CLEANUP_SLOTS; i++) {
        if (slot_kind[i] == SLOT_FREE) {
            memcpy(slot_path[i], path, strlen(path) + 1);
            slot_kind[i] = kind;
            return i;
        }
    }
    return -1;
}

static int slot_free_count(void)
{
    int n = 0;
    for (int i = 0; i < XD_CLEANUP_SLOTS; i++)
        n += slot_kind[i] == SLOT_FREE;
    return n;
}

/* The path check keeps a stale index (after xd_cleanup_all) from freeing a reused slot. */
static void slot_release(int i, const char *path)
{
    if (i < 0 || i >= XD_CLEANUP_SLOTS || strcmp(slot_path[i], path) != 0)
        return;
    sigset_t old;
    block_signals(&old);
    slot_kind[i] = SLOT_FREE;
    slot_path[i][0] = '\0';
    restore_signals(&old);
}

/* ---- recursive removal (async-signal-safe on Linux) ------------------------------ */

#define MAX_DEPTH 8

#ifdef __linux__
struct linux_dirent64 {
    uint64_t d_ino;
    int64_t d_off;
    unsigned short d_reclen;
    unsigned char d_type;
    char d_name[];
};

static int is_dot(const char *name)
{
    return name[0] == '.' && (name[1] == '\0' || (name[1] == '.' && name[2] == '\0'));
}

/* Empties the folder open on fd. Entries are removed while reading, so the listing is
 * read again until a pass finds nothing left to remove. */
static void clear_dir(int fd, int depth)
{
    _Alignas(8) char buf[2048];
    for (int pass = 0; pass < 16; pass++) {
        int removed = 0;
        if (lseek(fd, 0, SEEK_SET) < 0)
            return;
        for (;;) {
            long n = syscall(SYS_getdents64, fd, buf, sizeof buf);
            if (n <= 0)
                break;
            for (long off = 0; off < n;) {
                struct linux_dirent64 *e = (struct linux_dirent64 *)(void *)(buf + off);
                off += e->d_reclen;
                if (is_dot(e->d_name))
                    continue;
                if (unlinkat(fd, e->d_name, 0) == 0) {
                    removed++;
                    continue;
                }
                if ((errno != EISDIR && errno != EPERM) || depth >= MAX_DEPTH)
                    continue;
                int sub = openat(fd, e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                if (sub >= 0) {
                    clear_dir(sub, depth + 1);
                    close(sub);
                }
                if (unlinkat(fd, e->d_name, AT_REMOVEDIR) == 0)
                    removed++;
            }
        }
        if (!removed)
            return;
    }
}

static void remove_tree(const char *path, int in_handler)
{
    (void)in_handler;
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd >= 0) {
        clear_dir(fd, 0);
        close(fd);
    }
    rmdir(path);
}
#else
static void clear_dir_portable(const char *path, int depth)
{
    DIR *dir = opendir(path);
    if (!dir)
        return;
    struct dirent *e;
    char child[PATH_MAX];
    while ((e = readdir(dir)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        int n = snprintf(child, sizeof child, "%s/%s", path, e->d_name);
        if (n < 0 || (size_t)n >= sizeof child)
            continue;
        struct stat st;
        if (lstat(child, &st) == 0 && S_ISDIR(st.st_mode)) {
            if (depth < MAX_DEPTH)
                clear_dir_portable(child, depth + 1);
            rmdir(child);
        } else {
            unlink(child);
        }
    }
    closedir(dir);
}

/* Listing a folder is not async-signal-safe elsewhere; a signal handler only removes
 * folders that are already empty. */
static void remove_tree(const char *path, int in_handler)
{
    if (!in_handler)
        clear_dir_portable(path, 0);
    rmdir(path);
}
#endif

/* Async-signal-safe: kill, waitpid, unlink, open, getdents64, unlinkat, rmdir. */
static void cleanup_now(int in_handler)
{
    pid_t pid = (pid_t)child_pid;
    if (pid > 0) {
        /* The child may be writing into a temporary folder; stop it before removing. */
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        child_pid = 0;
    }
    for (int i = 0; i < XD_CLEANUP_SLOTS; i++)
        if (slot_kind[i] == SLOT_FILE)
            unlink(slot_path[i]);
    for (int i = 0; i < XD_CLEANUP_SLOTS; i++)
        if (slot_kind[i] == SLOT_DIR)
            remove_tree(slot_path[i], in_handler);
}

/* ---- output files ------------------------------------------------------------- */

struct sink {
    int fd;
    int error;
};

static ssize_t sink_write(void *cookie, const char *buf, size_t n)
{
    struct sink *s = cookie;
    size_t done = 0;
    while (done < n) {
        ssize_t w = write(s->fd, buf + done, n - done);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            if (!s->error)
                s->error = errno;
            break;
        }
        done += (size_t)w;
    }
    return (ssize_t)done;
}

static int sink_seek(void *cookie, off64_t *pos, int whence)
{
    struct sink *s = cookie;
    off_t r = lseek(s->fd, (off_t)*pos, whence);
    if (r < 0)
        return -1;
    *pos = r;
    return 0;
}

static int sink_close(void *cookie)
{
    free(cookie);
    return 0;
}

static void outfile_reset(xd_outfile *o)
{
    o->fp = NULL;
    o->fd = -1;
    o->slot = -1;
    o->mode = 0;
    o->sink = NULL;
    o->tmp[0] = '\0';
}

static void split_path(const char *target, char *dir, size_t dircap, const char **base)
{
    const char *slash = strrchr(target, '/');
    if (!slash) {
        snprintf(dir, dircap, ".");
        *base = target;
    } else if (slash == target) {
        snprintf(dir, dircap, "/");
        *base = slash + 1;
    } else {
        snprintf(dir, dircap, "%.*s", (int)(slash - target), target);
        *base = slash + 1;
    }
}

int xd_outfile_begin(xd_outfile *o, const char *target, xd_diags *d)
{
    outfile_reset(o);
    o->target[0] = '\0';
    if (!target || !*target)
        return xd_error(d, XD_EOUTPUT, "no output file name given");
    size_t tlen = strlen(target);
    if (tlen + 64 >= PATH_MAX)
        return xd_error(d, XD_EOUTPUT, "output path is too long: %.80s...", target);
    memcpy(o->target, target, tlen + 1);

    char dir[PATH_MAX];
    const char *base;
    split_path(target, dir, sizeof dir, &base);
    if (!*base || strcmp(base, ".") == 0 || strcmp(base, "..") == 0)
        return xd_error(d, XD_EOUTPUT, "'%s' names a folder, not a file", target);

    struct stat st;
    if (stat(target, &st) == 0) {
        if (S_ISDIR(st.st_mode))
            return xd_error(d, XD_EOUTPUT, "cannot write '%s': it is a folder", target);
        /* renaming over a device or a pipe would replace it with a regular file */
        if (!S_ISREG(st.st_mode))
            return xd_error(d, XD_EOUTPUT, "cannot write '%s': it exists and is not a regular file", target);
        o->mode = st.st_mode & 07777;
    }
    if (!o->mode) {
        mode_t mask = umask(0);
        umask(mask);
        o->mode = 0666 & ~mask;
    }

    /* Keep the extension last so the temporary file is recognisable; a long name is
     * shortened so the result stays within NAME_MAX. */
    const char *ext = strrchr(base, '.');
    if (!ext || ext == base || strlen(ext) > 16)
        ext = base + strlen(base);
    int stem = (int)(ext - base);
    if (stem > 120)
        stem = 120;
    int n = snprintf(o->tmp, sizeof o->tmp, "%s/.extrad-%.*s.XXXXXX%s", dir, stem, base, ext);
    if (n < 0 || (size_t)n >= sizeof o->tmp) {
        o->tmp[0] = '\0';
        return xd_error(d, XD_EOUTPUT, "output path is too long: %.80s...", target);
    }

    sigset_t old;
    block_signals(&old);
    if (slot_free_count() == 0) {
        restore_signals(&old);
        o->tmp[0] = '\0';
        return xd_error(d, XD_EOUTPUT, "cannot write '%s': too many temporary files at once (%d)",
                        target, XD_CLEANUP_SLOTS);
    }
    int fd = mkostemps(o->tmp, (int)strlen(ext), O_CLOEXEC);
    int err = errno;
    if (fd >= 0)
        o->slot = slot_claim(SLOT_FILE, o->tmp);
    restore_signals(&old);
    if (fd < 0) {
        o->tmp[0] = '\0';
        struct stat dst;
        int dir_exists = stat(dir, &dst) == 0 && S_ISDIR(dst.st_mode);
        if (err == ENOENT && !dir_exists)
            return xd_error(d, XD_EOUTPUT, "cannot write '%s': folder '%s' does not exist", target,
                            dir);
        if (err == ENOENT) /* /proc and the like */
            return xd_error(d, XD_EOUTPUT,
                            "cannot write '%s': folder '%s' does not accept new files", target,
                            dir);
        if (err == ENOTDIR)
            return xd_error(d, XD_EOUTPUT, "cannot write '%s': '%s' is not a folder", target, dir);
        return xd_error(d, XD_EOUTPUT, "cannot write '%s': cannot create a file in folder '%s': %s",
                        target, dir, strerror(err));
    }
    o->fd = fd;

    struct sink *s = malloc(sizeof *s);
    if (s) {
        s->fd = fd;
        s->error = 0;
        cookie_io_functions_t io = {NULL, sink_write, sink_seek, sink_close};
        o->fp = fopencookie(s, "w", io);
        if (o->fp)
            o->sink = s;
        else
            free(s);
    }
    if (!o->fp) {
        xd_outfile_abort(o);
        return xd_error(d, XD_ENOMEM, "cannot write '%s': out of memory", target);
    }
    return XD_OK;
}

FILE *xd_outfile_fp(xd_outfile *o) { return o->fp; }

const char *xd_outfile_path(const xd_outfile *o) { return o->tmp; }

static void fsync_dir_of(const char *target)
{
    char dir[PATH_MAX];
    const char *base;
    split_path(target, dir, sizeof dir, &base);
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        /* Best effort: the rename is already visible, this only makes it durable. */
        (void)fsync(fd);
        close(fd);
    }
}

static int close_stream(xd_outfile *o)
{
    int err = 0;
    if (o->fp) {
        struct sink *s = o->sink;
        if (fflush(o->fp) != 0 || ferror(o->fp))
            err = s->error ? s->error : EIO;
        fclose(o->fp); /* frees the sink */
        o->fp = NULL;
        o->sink = NULL;
    }
    return err;
}

int xd_outfile_commit(xd_outfile *o, xd_diags *d)
{
    if (o->fd < 0 || !o->tmp[0])
        return xd_error(d, XD_EOUTPUT, "cannot write '%s': the output was already finished",
                        o->target);
    int err = close_stream(o);
    const char *what = "cannot write";
    if (!err && fchmod(o->fd, o->mode) != 0)
        err = errno;
    /* Data must be on disk before the rename makes it the target, or a crash could
     * leave an empty file where the old one was. */
    if (!err && fsync(o->fd) != 0 && errno != EINVAL)
        err = errno;
    if (close(o->fd) != 0 && !err && errno != EINTR)
        err = errno;
    o->fd = -1;
    if (!err && rename(o->tmp, o->target) != 0) {
        err = errno;
        what = "cannot replace";
    }
    if (err) {
        int status = xd_error(d, XD_EOUTPUT, "%s '%s': %s", what, o->target, strerror(err));
        xd_outfile_abort(o);
        return status;
    }
    slot_release(o->slot, o->tmp);
    outfile_reset(o);
    fsync_dir_of(o->target);
    return XD_OK;
}

void xd_outfile_abort(xd_outfile *o)
{
    close_stream(o);
    if (o->fd >= 0) {
        close(o->fd);
        o->fd = -1;
    }
    if (o->tmp[0])
        unlink(o->tmp);
    slot_release(o->slot, o->tmp);
    outfile_reset(o);
}

/* ---- temporary folders ---------------------------------------------------------- */

int xd_tempdir_create(char *out, size_t cap, const char *parent, xd_diags *d)
{
    if (cap)
        out[0] = '\0';
    if (!parent || !*parent) {
        parent = getenv("TMPDIR");
        if (!parent || !*parent)
            parent = "/tmp";
    }
    size_t plen = strlen(parent);
    while (plen > 1 && parent[plen - 1] == '/')
        plen--;
    char tmpl[PATH_MAX];
    int n = snprintf(tmpl, sizeof tmpl, "%.*s/extrad-XXXXXX", (int)plen, parent);
    if (n < 0 || (size_t)n >= sizeof tmpl || (size_t)n >= cap)
        return xd_error(d, XD_EOUTPUT, "temporary folder path is too long: %.80s...", parent);

    sigset_t old;
    block_signals(&old);
    if (slot_free_count() == 0) {
        restore_signals(&old);
        return xd_error(d, XD_EOUTPUT, "too many temporary files at once (%d)", XD_CLEANUP_SLOTS);
    }
    char *made = mkdtemp(tmpl);
    int err = errno;
    if (made)
        slot_claim(SLOT_DIR, tmpl);
    restore_signals(&old);
    if (!made)
        return xd_error(d, XD_EOUTPUT, "cannot create a temporary folder in '%.*s': %s", (int)plen,
                        parent, strerror(err));
    memcpy(out, tmpl, (size_t)n + 1);
    return XD_OK;
}

void xd_tempdir_remove(const char *path)
{
    if (!path || !*path)
        return;
    /* Only folders we made: this deletes recursively. */
    for (int i = 0; i < XD_CLEANUP_SLOTS; i++) {
        if (slot_kind[i] == SLOT_DIR && strcmp(slot_path[i], path) == 0) {
            remove_tree(slot_path[i], 0);
            slot_release(i, path);
            return;
        }
    }
}

/* ---- signals and exit ------------------------------------------------------------ */

static void on_fatal_signal(int sig)
{
    cleanup_now(1);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_DFL;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    /* Dying of the signal itself tells the parent (a shell, make) what happened. */
    raise(sig);
    _exit(128 + sig);
}

void xd_cleanup_register_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_fatal_signal;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof cleanup_signals / sizeof cleanup_signals[0]; i++)
        sigaddset(&sa.sa_mask, cleanup_signals[i]);
    for (size_t i = 0; i < sizeof cleanup_signals / sizeof cleanup_signals[0]; i++) {
        struct sigaction old;
        /* nohup and friends ignore SIGHUP on purpose; keep it that way. */
        if (sigaction(cleanup_signals[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
            continue;
        sigaction(cleanup_signals[i], &sa, NULL);
    }
    struct sigaction ign;
    memset(&ign, 0, sizeof ign);
    ign.sa_handler = SIG_IGN;
    sigemptyset(&ign.sa_mask);
    sigaction(SIGXFSZ, &ign, NULL);
}

void xd_cleanup_all(void)
{
    sigset_t old;
    block_signals(&old);
    cleanup_now(0);
    for (int i = 0; i < XD_CLEANUP_SLOTS; i++) {
        slot_kind[i] = SLOT_FREE;
        slot_path[i][0] = '\0';
    }
    restore_signals(&old);
}

void xd_cleanup_set_child(pid_t pid) { child_pid = (sig_atomic_t)pid; }
