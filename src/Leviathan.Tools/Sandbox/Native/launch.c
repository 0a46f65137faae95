/*
 * leviathan-sandbox-launch: the small native step between the sandbox wrapper and bubblewrap.
 *
 *   leviathan-sandbox-launch [options] -- PROGRAM [ARGS...]
 *
 *   --join FILE            (repeatable) first of all, write "0" (this process) to the cgroup file FILE (a v1
 *                          `tasks` file, or a v2 `cgroup.procs`), so that it and everything it starts is
 *                          counted from here on.
 *   --after NS             hold the command until the kernel's coarse clock (the one it stamps new files
 *                          with) reads later than NS nanoseconds since the epoch (at most about 100 ms), so
 *                          that everything the command creates is stamped later than NS: the disk quota's
 *                          start, which tells the command's files from those that were there. With --seccomp
 *                          (PROGRAM is bubblewrap) a child process waits and bubblewrap reads its pipe
 *                          (--block-fd) once its set-up is done; otherwise this process waits before PROGRAM.
 *   --rlimits CPU FSIZE    set RLIMIT_CPU to CPU seconds (soft; the hard limit one second above, so that
 *                          SIGXCPU comes before SIGKILL) and RLIMIT_FSIZE to FSIZE bytes (soft and hard).
 *   --pdeathsig            SIGKILL this process when the thread that started it ends.
 *   --idmap WS STAGE O G X Y
 *                          (root only) in a private mount namespace, mount WS at STAGE/ws through an
 *                          idmapped mount that shows owner O:G as X:Y (nosuid, nodev), then become X:Y
 *                          with no groups, no capabilities and no_new_privs. Files the sandbox creates
 *                          there are stored as O:G on disk. STAGE gets a small private tmpfs.
 *   --mount ro|rw SRC      (with --idmap, repeatable) stage SRC at STAGE/m0, STAGE/m1, ... in the order given,
 *                          before root is dropped, so that the sandbox user needs no search permission on
 *                          its ancestors: `ro` read-only, `rw` writable through the same idmap as the
 *                          workspace. Both nosuid and nodev; mounts below SRC stay out.
 *   --dev                  with --idmap: stage a minimal /dev at STAGE/dev for bubblewrap to bind as /dev in one
 *                          mount (--dev-bind): the null, zero, full, random, urandom and tty devices, the fd, stdin,
 *                          stdout and stderr links, an empty shm folder, and a devpts instance of its own at pts
 *                          (ptmx links to pts/ptmx). Owned by root, so the sandbox can neither add to it nor change
 *                          it. bubblewrap's own --dev binds each device apart, and each bind reads the whole mount
 *                          table again: about a fifth of a sandbox's start-up.
 *   --keep-root            with --idmap: stay root after staging the workspace (podman, which then runs the
 *                          container as X:Y itself).
 *   --seccomp              give PROGRAM (bubblewrap) the filter below as `--seccomp FD`.
 *   --kill-tree            run PROGRAM as the first process of a new PID namespace (a user namespace
 *                          too when not root), so that every process it starts dies with it; this
 *                          process waits and passes its exit status on.
 *
 * Descriptors this program inherited beyond stdin, stdout and stderr are closed at exec: the sandbox gets only
 * those three (and the filter's, which bubblewrap closes after reading it).
 *
 * Errors go to stderr prefixed with "leviathan-sandbox-launch:" and end with exit status 125.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <linux/sched.h>
#include <sched.h>
#ifdef LEVIATHAN_FILTER_GENERATOR
#include <seccomp.h>
#endif
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define FAIL_STATUS 125

static void die(const char *format, ...)
{
    va_list args;
    int saved = errno;
    fputs("leviathan-sandbox-launch: ", stderr);
    va_start(args, format);
    vfprintf(stderr, format, args);
    va_end(args);
    if (saved != 0) {
        fprintf(stderr, ": %s", strerror(saved));
    }
    fputc('\n', stderr);
    exit(FAIL_STATUS);
}

static unsigned long parse_id(const char *text)
{
    char *end = NULL;
    errno = 0;
    unsigned long value = strtoul(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || value >= 0xFFFFFFFFul) {
        errno = 0;
        die("not a user or group id: '%s'", text);
    }
    return value;
}

static void write_file(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) {
        die("cannot open %s", path);
    }
    size_t length = strlen(text);
    if (write(fd, text, length) != (ssize_t)length) {
        die("cannot write %s", path);
    }
    close(fd);
}

static unsigned long long parse_count(const char *text)
{
    char *end = NULL;
    errno = 0;
    unsigned long long value = strtoull(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || value == 0) {
        errno = 0;
        die("not a positive whole number: '%s'", text);
    }
    return value;
}

/* Waits until CLOCK_REALTIME_COARSE, the clock the kernel stamps new files with, reads later than after_ns. It moves
   only at timer ticks (a few milliseconds apart), so a file made within the tick of a fine-clock instant is stamped
   no later than that instant. Bounded: a realtime clock set back meanwhile must not hold the command for long. */
static void wait_past(unsigned long long after_ns)
{
    struct timespec now;
    for (int waited = 0; waited < 500; waited++) {
        if (clock_gettime(CLOCK_REALTIME_COARSE, &now) != 0) {
            die("clock_gettime");
        }
        unsigned long long ns = (unsigned long long)now.tv_sec * 1000000000ULL + (unsigned long long)now.tv_nsec;
        if (ns > after_ns) {
            return;
        }
        struct timespec pause = { 0, 200000 };
        nanosleep(&pause, NULL);
    }
}

/* A pipe whose read end gets one byte once the file clock has passed after_ns, written by a child that waits for it:
   bubblewrap blocks on it (--block-fd) after its set-up, so the wait and the set-up overlap. */
static int clock_gate(unsigned long long after_ns)
{
    int fds[2];
    if (pipe(fds) != 0) {
        die("pipe");
    }
    pid_t pid = fork();
    if (pid < 0) {
        die("fork");
    }
    if (pid == 0) {
        close(fds[0]);
        wait_past(after_ns);
        _exit(write(fds[1], "x", 1) == 1 ? 0 : 1);
    }
    close(fds[1]);
    return fds[0];
}

static void set_limit(int resource, rlim_t soft, rlim_t hard, const char *name)
{
    struct rlimit limit = { .rlim_cur = soft, .rlim_max = hard };
    if (setrlimit(resource, &limit) != 0) {
        die("cannot set %s", name);
    }
}

/* A user namespace that maps O (inside) to X (outside), held open by its file descriptor. */
static int idmap_userns(unsigned long owner_uid, unsigned long owner_gid, unsigned long uid, unsigned long gid)
{
    int ready[2];
    int release[2];
    if (pipe2(ready, O_CLOEXEC) != 0 || pipe2(release, O_CLOEXEC) != 0) {
        die("pipe");
    }
    pid_t child = fork();
    if (child < 0) {
        die("fork");
    }
    if (child == 0) {
        char byte = 0;
        if (unshare(CLONE_NEWUSER) != 0) {
            _exit(1);
        }
        if (write(ready[1], &byte, 1) != 1) {
            _exit(1);
        }
        /* Wait until the parent holds the namespace (or dies). */
        close(release[1]);
        if (read(release[0], &byte, 1) < 0) {
            _exit(0);
        }
        _exit(0);
    }
    close(ready[1]);
    close(release[0]);
    char byte;
    if (read(ready[0], &byte, 1) != 1) {
        errno = 0;
        die("cannot create a user namespace for the idmapped workspace");
    }
    char path[64];
    char map[96];
    snprintf(path, sizeof path, "/proc/%d/uid_map", (int)child);
    snprintf(map, sizeof map, "%lu %lu 1\n", owner_uid, uid);
    write_file(path, map);
    snprintf(path, sizeof path, "/proc/%d/setgroups", (int)child);
    write_file(path, "deny");
    snprintf(path, sizeof path, "/proc/%d/gid_map", (int)child);
    snprintf(map, sizeof map, "%lu %lu 1\n", owner_gid, gid);
    write_file(path, map);
    snprintf(path, sizeof path, "/proc/%d/ns/user", (int)child);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        die("cannot open %s", path);
    }
    close(release[1]);
    waitpid(child, NULL, 0);
    close(ready[0]);
    return fd;
}

#define MAX_MOUNTS 32

struct staged_mount {
    const char *source;
    int writable;
};

/* Clones one host folder (or file) for staging; read-only, or idmapped like the workspace when writable. */
static int clone_mount(const struct staged_mount *m, int userns)
{
    int tree = open_tree(AT_FDCWD, m->source, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_SYMLINK_NOFOLLOW);
    if (tree < 0) {
        die("cannot clone the mount %s", m->source);
    }
    struct mount_attr attr = {
        .attr_set = MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | (m->writable ? MOUNT_ATTR_IDMAP : MOUNT_ATTR_RDONLY),
        .userns_fd = m->writable ? (unsigned long long)userns : 0,
    };
    if (mount_setattr(tree, "", AT_EMPTY_PATH, &attr, sizeof attr) != 0) {
        die("cannot set the attributes of the mount %s", m->source);
    }
    return tree;
}

/* FOLDER/NAME into PATH (of PATH_MAX bytes). */
static void join_path(char *path, const char *folder, const char *name)
{
    if (snprintf(path, PATH_MAX, "%s/%s", folder, name) >= PATH_MAX) {
        errno = 0;
        die("staging path too long");
    }
}

/* The minimal /dev of --dev, at STAGE/dev. */
static void stage_devices(const char *stage)
{
    static const struct {
        const char *name;
        unsigned int major;
        unsigned int minor;
    } devices[] = {
        {"null", 1, 3}, {"zero", 1, 5}, {"full", 1, 7}, {"random", 1, 8}, {"urandom", 1, 9}, {"tty", 5, 0},
    };
    static const char *const links[][2] = {
        {"fd", "/proc/self/fd"}, {"stdin", "/proc/self/fd/0"}, {"stdout", "/proc/self/fd/1"},
        {"stderr", "/proc/self/fd/2"}, {"ptmx", "pts/ptmx"},
    };
    char dev[PATH_MAX];
    char path[PATH_MAX];
    join_path(dev, stage, "dev");
    if (mkdir(dev, 0755) != 0) {
        die("cannot create %s", dev);
    }
    /* Devices work here (no nodev); nothing in it may run or raise privileges. */
    if (mount("leviathan-dev", dev, "tmpfs", MS_NOSUID | MS_NOEXEC, "mode=0755,size=16k") != 0) {
        die("cannot mount the device tmpfs on %s", dev);
    }
    for (size_t k = 0; k < sizeof devices / sizeof devices[0]; k++) {
        join_path(path, dev, devices[k].name);
        /* chmod after mknod: the umask would take the bits for others away. */
        if (mknod(path, S_IFCHR | 0666, makedev(devices[k].major, devices[k].minor)) != 0 || chmod(path, 0666) != 0) {
            die("cannot create the device %s", path);
        }
    }
    for (size_t k = 0; k < sizeof links / sizeof links[0]; k++) {
        join_path(path, dev, links[k][0]);
        if (symlink(links[k][1], path) != 0) {
            die("cannot create the link %s", path);
        }
    }
    join_path(path, dev, "shm");
    if (mkdir(path, 0755) != 0) {
        die("cannot create %s", path);
    }
    join_path(path, dev, "pts");
    if (mkdir(path, 0755) != 0) {
        die("cannot create %s", path);
    }
    /* A new instance: the sandbox sees only the terminals it opens itself, none of the host's or other sandboxes'. */
    if (mount("devpts", path, "devpts", MS_NOSUID | MS_NOEXEC, "newinstance,ptmxmode=0666,mode=620") != 0) {
        die("cannot mount a devpts instance on %s", path);
    }
}

static void idmap_workspace(const char *workspace, const char *stage, int keep_root, int devices,
                            const struct staged_mount *mounts, int mount_count,
                            unsigned long owner_uid, unsigned long owner_gid, unsigned long uid, unsigned long gid)
{
    if (getuid() != 0 || geteuid() != 0) {
        errno = 0;
        die("--idmap needs root");
    }
    if (uid == 0 || gid == 0) {
        errno = 0;
        die("the sandbox user and group must not be root");
    }
    int userns = idmap_userns(owner_uid, owner_gid, uid, gid);
    if (unshare(CLONE_NEWNS) != 0) {
        die("cannot create a mount namespace");
    }
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) {
        die("cannot make the mounts private");
    }
    /* Only the workspace itself: mounts below it on the host stay out of the sandbox. */
    int tree = open_tree(AT_FDCWD, workspace, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_SYMLINK_NOFOLLOW);
    if (tree < 0) {
        die("cannot clone the workspace mount %s", workspace);
    }
    struct mount_attr attr = {
        .attr_set = MOUNT_ATTR_IDMAP | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV,
        .userns_fd = (unsigned long long)userns,
    };
    if (mount_setattr(tree, "", AT_EMPTY_PATH, &attr, sizeof attr) != 0) {
        die("cannot idmap the workspace %s (its file system must support idmapped mounts: ext4, xfs, btrfs, tmpfs)", workspace);
    }
    /* Opened before the staging tmpfs covers STAGE, which may hold a source. */
    int trees[MAX_MOUNTS];
    for (int k = 0; k < mount_count; k++) {
        trees[k] = clone_mount(&mounts[k], userns);
    }
    close(userns);
    if (mount("leviathan-stage", stage, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=0755,size=64k") != 0) {
        die("cannot mount the staging tmpfs on %s", stage);
    }
    char target[4096];
    if (snprintf(target, sizeof target, "%s/ws", stage) >= (int)sizeof target) {
        errno = 0;
        die("staging path too long");
    }
    if (mkdir(target, 0755) != 0) {
        die("cannot create %s", target);
    }
    if (move_mount(tree, "", AT_FDCWD, target, MOVE_MOUNT_F_EMPTY_PATH) != 0) {
        die("cannot mount the workspace on %s", target);
    }
    close(tree);
    if (devices) {
        stage_devices(stage);
    }
    if (mount_count > 0) {
        /* An empty folder the sandbox user may search: podman shows it in place of the image's /root (0700),
           so that a mount below it is reachable; the mount points runc makes in it vanish with this namespace. */
        if (snprintf(target, sizeof target, "%s/empty", stage) >= (int)sizeof target) {
            errno = 0;
            die("staging path too long");
        }
        if (mkdir(target, 0755) != 0) {
            die("cannot create %s", target);
        }
    }
    for (int k = 0; k < mount_count; k++) {
        struct stat st;
        if (fstat(trees[k], &st) != 0) {
            die("cannot inspect the mount %s", mounts[k].source);
        }
        if (snprintf(target, sizeof target, "%s/m%d", stage, k) >= (int)sizeof target) {
            errno = 0;
            die("staging path too long");
        }
        if (S_ISDIR(st.st_mode) ? mkdir(target, 0755) != 0 : mknod(target, S_IFREG | 0644, 0) != 0) {
            die("cannot create %s", target);
        }
        if (move_mount(trees[k], "", AT_FDCWD, target, MOVE_MOUNT_F_EMPTY_PATH) != 0) {
            die("cannot mount %s on %s", mounts[k].source, target);
        }
        close(trees[k]);
    }
    if (chdir("/") != 0) {
        die("chdir /");
    }
    if (keep_root) {
        return;
    }
    if (setgroups(0, NULL) != 0 || setresgid(gid, gid, gid) != 0 || setresuid(uid, uid, uid) != 0) {
        die("cannot become %lu:%lu", uid, gid);
    }
    if (setuid(0) == 0 || geteuid() == 0) {
        errno = 0;
        die("root could be regained after dropping it");
    }
}

#ifdef LEVIATHAN_FILTER_GENERATOR

static int deny(scmp_filter_ctx ctx, int error, int syscall_nr)
{
    return seccomp_rule_add(ctx, SCMP_ACT_ERRNO(error), syscall_nr, 0);
}

static int deny_if(scmp_filter_ctx ctx, int syscall_nr, struct scmp_arg_cmp cmp)
{
    return seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), syscall_nr, 1, cmp);
}

static int deny_if2(scmp_filter_ctx ctx, int syscall_nr, struct scmp_arg_cmp a, struct scmp_arg_cmp b)
{
    return seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), syscall_nr, 2, a, b);
}

/*
 * Everything is allowed except: kernel and host administration, other processes' memory, keyrings,
 * new user namespaces (a nested namespace would hand capabilities back), the new mount API, io_uring
 * (its operations bypass this filter), and any way to make a set-user-ID or set-group-ID file (the
 * workspace is stored as the invoking user, who may be root). Foreign architectures (x32, and i386
 * on other machines) are refused by libseccomp's architecture check.
 */
static scmp_filter_ctx build_filter(void)
{
    scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
    if (ctx == NULL) {
        errno = 0;
        die("seccomp_init");
    }
    /* A foreign architecture (x32 on x86-64) gets "no such call" rather than a killed process. */
    int rc = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_ERRNO(ENOSYS));
#if defined(__x86_64__)
    rc |= seccomp_arch_add(ctx, SCMP_ARCH_X86);
#endif
    static const char *const denied[] = {
        "mount", "umount", "umount2", "pivot_root", "chroot", "swapon", "swapoff", "reboot",
        "kexec_load", "kexec_file_load", "init_module", "finit_module", "delete_module",
        "bpf", "perf_event_open", "userfaultfd", "keyctl", "add_key", "request_key",
        "open_by_handle_at", "name_to_handle_at", "iopl", "ioperm", "setns",
        "process_vm_readv", "process_vm_writev", "syslog", "acct", "quotactl", "uselib",
        "_sysctl", "lookup_dcookie", "nfsservctl", "vm86", "vm86old", "modify_ldt",
        "fsopen", "fsconfig", "fsmount", "fspick", "open_tree", "move_mount", "mount_setattr",
        "io_uring_setup", "io_uring_enter", "io_uring_register", "settimeofday", "clock_settime",
        "clock_adjtime", "adjtimex", "stime",
    };
    for (size_t i = 0; i < sizeof denied / sizeof denied[0]; i++) {
        int nr = seccomp_syscall_resolve_name(denied[i]);
        if (nr != __NR_SCMP_ERROR) {
            rc |= deny(ctx, EPERM, nr);
        }
    }
    /* Arguments behind a pointer cannot be checked: make the C library fall back to clone and openat. */
    rc |= deny(ctx, ENOSYS, SCMP_SYS(clone3));
    rc |= deny(ctx, ENOSYS, SCMP_SYS(openat2));

    rc |= deny_if(ctx, SCMP_SYS(ptrace), SCMP_A0(SCMP_CMP_EQ, 16 /* PTRACE_ATTACH */));
    rc |= deny_if(ctx, SCMP_SYS(ptrace), SCMP_A0(SCMP_CMP_EQ, 0x4206 /* PTRACE_SEIZE */));
    rc |= deny_if(ctx, SCMP_SYS(unshare), SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_NEWUSER, CLONE_NEWUSER));
    rc |= deny_if(ctx, SCMP_SYS(clone), SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_NEWUSER, CLONE_NEWUSER));

    static const unsigned long special[] = {S_ISUID, S_ISGID};
    for (size_t i = 0; i < 2; i++) {
        unsigned long bit = special[i];
        rc |= deny_if(ctx, SCMP_SYS(chmod), SCMP_A1(SCMP_CMP_MASKED_EQ, bit, bit));
        rc |= deny_if(ctx, SCMP_SYS(fchmod), SCMP_A1(SCMP_CMP_MASKED_EQ, bit, bit));
        rc |= deny_if(ctx, SCMP_SYS(fchmodat), SCMP_A2(SCMP_CMP_MASKED_EQ, bit, bit));
        rc |= deny_if(ctx, SCMP_SYS(mkdir), SCMP_A1(SCMP_CMP_MASKED_EQ, bit, bit));
        rc |= deny_if(ctx, SCMP_SYS(mkdirat), SCMP_A2(SCMP_CMP_MASKED_EQ, bit, bit));
        rc |= deny_if(ctx, SCMP_SYS(mknod), SCMP_A1(SCMP_CMP_MASKED_EQ, bit, bit));
        rc |= deny_if(ctx, SCMP_SYS(mknodat), SCMP_A2(SCMP_CMP_MASKED_EQ, bit, bit));
        rc |= deny_if(ctx, SCMP_SYS(creat), SCMP_A1(SCMP_CMP_MASKED_EQ, bit, bit));
        rc |= deny_if2(ctx, SCMP_SYS(open), SCMP_A1(SCMP_CMP_MASKED_EQ, O_CREAT, O_CREAT), SCMP_A2(SCMP_CMP_MASKED_EQ, bit, bit));
        rc |= deny_if2(ctx, SCMP_SYS(openat), SCMP_A2(SCMP_CMP_MASKED_EQ, O_CREAT, O_CREAT), SCMP_A3(SCMP_CMP_MASKED_EQ, bit, bit));
        /* O_TMPFILE contains O_DIRECTORY; testing the bit that tells it apart from O_DIRECTORY is enough. */
        rc |= deny_if2(ctx, SCMP_SYS(open), SCMP_A1(SCMP_CMP_MASKED_EQ, __O_TMPFILE & ~O_DIRECTORY, __O_TMPFILE & ~O_DIRECTORY), SCMP_A2(SCMP_CMP_MASKED_EQ, bit, bit));
        rc |= deny_if2(ctx, SCMP_SYS(openat), SCMP_A2(SCMP_CMP_MASKED_EQ, __O_TMPFILE & ~O_DIRECTORY, __O_TMPFILE & ~O_DIRECTORY), SCMP_A3(SCMP_CMP_MASKED_EQ, bit, bit));
        /* fchmodat2 (Linux 6.6, number 452 on every architecture) is newer than this libseccomp's table. */
#if defined(__x86_64__) || defined(__aarch64__)
        rc |= seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), 452, 1, SCMP_A2(SCMP_CMP_MASKED_EQ, bit, bit));
#endif
    }
    if (rc != 0) {
        errno = -rc;
        die("cannot build the seccomp filter");
    }

    return ctx;
}

/* The build runs this once and compiles its output into the launcher, which then needs no libseccomp. */
int main(void)
{
    scmp_filter_ctx ctx = build_filter();
    FILE *program = tmpfile();
    if (program == NULL) {
        die("tmpfile");
    }
    int rc = seccomp_export_bpf(ctx, fileno(program));
    if (rc != 0) {
        errno = -rc;
        die("cannot export the seccomp filter");
    }
    seccomp_release(ctx);
    rewind(program);
    printf("/* Generated by launch.c built with -DLEVIATHAN_FILTER_GENERATOR; do not edit. */\n");
    printf("static const unsigned char leviathan_filter[] = {");
    int byte;
    size_t count = 0;
    while ((byte = fgetc(program)) != EOF) {
        printf("%s0x%02x", count % 16 == 0 ? "\n    " : " ", byte);
        count++;
        printf(",");
    }
    printf("\n};\n");
    return count > 0 && count % 8 == 0 ? 0 : FAIL_STATUS;
}

#else

#include "leviathan-filter.h"

/* The filter in a memory file bubblewrap reads after exec. */
static int seccomp_fd(void)
{
    int fd = memfd_create("leviathan-seccomp", MFD_CLOEXEC);
    if (fd < 0) {
        die("memfd_create");
    }
    if (write(fd, leviathan_filter, sizeof leviathan_filter) != (ssize_t)sizeof leviathan_filter) {
        die("cannot write the seccomp filter");
    }
    if (lseek(fd, 0, SEEK_SET) != 0) {
        die("lseek");
    }
    /* bubblewrap reads it after exec: the descriptor must survive that one exec. */
    int flags = fcntl(fd, F_GETFD);
    if (flags < 0 || fcntl(fd, F_SETFD, flags & ~FD_CLOEXEC) != 0) {
        die("fcntl");
    }
    return fd;
}

/* Runs argv as PID 1 of a new PID namespace and returns its status; never returns on failure. */
static int run_as_tree(char **argv)
{
    uid_t uid = geteuid();
    gid_t gid = getegid();
    int flags = CLONE_NEWPID;
    if (uid != 0) {
        flags |= CLONE_NEWUSER;
    }
    if (unshare(flags) != 0) {
        die("cannot create a PID namespace");
    }
    if (uid != 0) {
        char map[64];
        snprintf(map, sizeof map, "%u %u 1\n", (unsigned)uid, (unsigned)uid);
        write_file("/proc/self/uid_map", map);
        write_file("/proc/self/setgroups", "deny");
        snprintf(map, sizeof map, "%u %u 1\n", (unsigned)gid, (unsigned)gid);
        write_file("/proc/self/gid_map", map);
    }
    pid_t child = fork();
    if (child < 0) {
        die("fork");
    }
    if (child == 0) {
        /* When the waiting parent is killed, so is this namespace's first process, and with it the namespace. */
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        execvp(argv[0], argv);
        die("cannot run %s", argv[0]);
    }
    /* Signals meant for the command reach it through the cgroup or the namespace; ignore the terminal's. */
    signal(SIGINT, SIG_IGN);
    signal(SIGQUIT, SIG_IGN);
    int status = 0;
    while (waitpid(child, &status, 0) < 0) {
        if (errno != EINTR) {
            die("waitpid");
        }
    }
    if (WIFSIGNALED(status)) {
        return 128 + WTERMSIG(status);
    }
    return WEXITSTATUS(status);
}

/*
 * Marks every descriptor above stderr close-on-exec. The caller may itself have inherited descriptors without that flag
 * (a pipe or file of whatever started it); passed on, a command in the sandbox could write through them to the host.
 */
static void close_inherited(void)
{
    if (syscall(SYS_close_range, 3u, ~0u, 4u /* CLOSE_RANGE_CLOEXEC */) == 0) {
        return;
    }
    /* Kernels before 5.11: the open ones, one by one. */
    DIR *dir = opendir("/proc/self/fd");
    if (dir == NULL) {
        die("cannot list this process's descriptors");
    }
    struct dirent *entry;
    while ((entry = readdir(dir)) != NULL) {
        int fd = atoi(entry->d_name);
        if (fd > 2 && fd != dirfd(dir) && fcntl(fd, F_SETFD, FD_CLOEXEC) != 0) {
            die("cannot close descriptor %d at exec", fd);
        }
    }
    closedir(dir);
}

int main(int argc, char **argv)
{
    close_inherited();

    int pdeathsig = 0;
    int use_seccomp = 0;
    int kill_tree = 0;
    int keep_root = 0;
    int devices = 0;
    const char *workspace = NULL;
    const char *stage = NULL;
    unsigned long owner_uid = 0, owner_gid = 0, uid = 0, gid = 0;
    struct staged_mount mounts[MAX_MOUNTS];
    int mount_count = 0;
    const char *cpu_seconds = NULL;
    const char *file_bytes = NULL;
    unsigned long long after_ns = 0;
    int i = 1;
    for (; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        } else if (strcmp(argv[i], "--join") == 0 && i + 1 < argc) {
            /* At once, while this process still has the invoking user's rights on the cgroup files. "0" moves the
               writer itself; written to a v1 tasks file by this single-threaded process, it is the one move the
               kernel makes without its global thread-group lock. */
            write_file(argv[i + 1], "0");
            i += 1;
        } else if (strcmp(argv[i], "--after") == 0 && i + 1 < argc) {
            after_ns = parse_count(argv[i + 1]);
            i += 1;
        } else if (strcmp(argv[i], "--rlimits") == 0 && i + 2 < argc) {
            cpu_seconds = argv[i + 1];
            file_bytes = argv[i + 2];
            i += 2;
        } else if (strcmp(argv[i], "--pdeathsig") == 0) {
            pdeathsig = 1;
        } else if (strcmp(argv[i], "--seccomp") == 0) {
            use_seccomp = 1;
        } else if (strcmp(argv[i], "--keep-root") == 0) {
            keep_root = 1;
        } else if (strcmp(argv[i], "--dev") == 0) {
            devices = 1;
        } else if (strcmp(argv[i], "--kill-tree") == 0) {
            kill_tree = 1;
        } else if (strcmp(argv[i], "--mount") == 0 && i + 2 < argc) {
            if (mount_count == MAX_MOUNTS) {
                errno = 0;
                die("more than %d mounts", MAX_MOUNTS);
            }
            if (strcmp(argv[i + 1], "ro") != 0 && strcmp(argv[i + 1], "rw") != 0) {
                errno = 0;
                die("--mount takes ro or rw, not '%s'", argv[i + 1]);
            }
            mounts[mount_count].writable = strcmp(argv[i + 1], "rw") == 0;
            mounts[mount_count].source = argv[i + 2];
            mount_count++;
            i += 2;
        } else if (strcmp(argv[i], "--idmap") == 0 && i + 6 < argc) {
            workspace = argv[i + 1];
            stage = argv[i + 2];
            owner_uid = parse_id(argv[i + 3]);
            owner_gid = parse_id(argv[i + 4]);
            uid = parse_id(argv[i + 5]);
            gid = parse_id(argv[i + 6]);
            i += 6;
        } else {
            errno = 0;
            die("unknown or incomplete option '%s'", argv[i]);
        }
    }
    if (i >= argc) {
        errno = 0;
        die("usage: leviathan-sandbox-launch [--join FILE]... [--after NS] [--rlimits CPU FSIZE] [--pdeathsig] [--idmap WS STAGE OWNER_UID OWNER_GID UID GID [--mount ro|rw SRC]... [--dev]] [--seccomp] [--kill-tree] -- PROGRAM [ARGS...]");
    }

    if (cpu_seconds != NULL) {
        rlim_t cpu = (rlim_t)parse_count(cpu_seconds);
        rlim_t bytes = (rlim_t)parse_count(file_bytes);
        set_limit(RLIMIT_CPU, cpu, cpu + 1, "the CPU time limit");
        set_limit(RLIMIT_FSIZE, bytes, bytes, "the file size limit");
    }

    pid_t parent = getppid();
    if (pdeathsig) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent) {
            raise(SIGKILL);
        }
    }
    if ((mount_count > 0 || devices) && workspace == NULL) {
        errno = 0;
        die("--mount and --dev need --idmap");
    }
    if (workspace != NULL) {
        idmap_workspace(workspace, stage, keep_root, devices, mounts, mount_count, owner_uid, owner_gid, uid, gid);
        if (!keep_root && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
            die("no_new_privs");
        }
        /* A change of credentials clears the parent-death signal. */
        if (pdeathsig) {
            prctl(PR_SET_PDEATHSIG, SIGKILL);
            if (getppid() != parent) {
                raise(SIGKILL);
            }
        }
    }

    char **command = &argv[i];
    if (kill_tree) {
        if (after_ns != 0) {
            wait_past(after_ns);
        }
        fflush(NULL);
        return run_as_tree(command);
    }

    if (use_seccomp) {
        /* PROGRAM is bubblewrap: it gets the filter, and the wait for the file clock runs beside its set-up (it reads
           --block-fd once its namespaces and mounts are made, just before it runs the command). */
        int fd = seccomp_fd();
        int gate = after_ns != 0 ? clock_gate(after_ns) : -1;
        int count = argc - i;
        char **with = calloc((size_t)count + 5, sizeof(char *));
        char number[16];
        char gate_number[16];
        if (with == NULL) {
            die("out of memory");
        }
        snprintf(number, sizeof number, "%d", fd);
        int k = 0;
        with[k++] = command[0];
        with[k++] = "--seccomp";
        with[k++] = number;
        if (gate != -1) {
            snprintf(gate_number, sizeof gate_number, "%d", gate);
            with[k++] = "--block-fd";
            with[k++] = gate_number;
        }
        for (int c = 1; c < count; c++) {
            with[k++] = command[c];
        }
        with[k] = NULL;
        command = with;
    } else if (after_ns != 0) {
        wait_past(after_ns);
    }
    execvp(command[0], command);
    die("cannot run %s", command[0]);
    return FAIL_STATUS;
}

#endif
