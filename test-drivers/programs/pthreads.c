/*
 * POSIX threads as glibc builds them on clone, futex, set_tid_address, set_robust_list and tgkill. Every line
 * printed is deterministic: threads record what they saw and only the main thread prints.
 */
#include <errno.h>
#include <linux/futex.h>
#include <linux/sched.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/*
 * Usage: pthreads                  every in-process check below, in order
 *        pthreads leader-exits     the main thread exits first; the last thread's exit status is the process's
 *        pthreads exec-from-thread a second thread calls execve; the new image keeps the process id
 *        pthreads spawn            vfork shares memory until the child exits; posix_spawn runs a child image
 */

#define THREADS 8
#define INCREMENTS 20000

static void check(int error, const char *what) {
    if (error != 0) {
        printf("%s failed: %s\n", what, strerror(error));
        exit(1);
    }
}

/* ---- create and join, exit values ---- */

static void *return_index(void *arg) { return (void *) ((long) arg * 10); }

static void *exit_with_42(void *arg) {
    (void) arg;
    pthread_exit((void *) 42);
}

static void create_and_join(void) {
    pthread_t t[THREADS];
    long sum = 0;
    for (long i = 0; i < THREADS; i++) check(pthread_create(&t[i], NULL, return_index, (void *) i), "create");
    for (int i = 0; i < THREADS; i++) {
        void *value;
        check(pthread_join(t[i], &value), "join");
        sum += (long) value;
    }
    pthread_t e;
    void *value;
    check(pthread_create(&e, NULL, exit_with_42, NULL), "create");
    check(pthread_join(e, &value), "join");
    printf("join: sum of return values %ld, pthread_exit value %ld\n", sum, (long) value);
}

/* ---- counters: a mutex, __sync and __atomic builtins ---- */

static pthread_mutex_t counter_lock = PTHREAD_MUTEX_INITIALIZER;
static long locked_counter;
static long sync_counter;
static long atomic_counter;
static long exchanged_total;
static int spin_word;

static void *count(void *arg) {
    (void) arg;
    for (int i = 0; i < INCREMENTS; i++) {
        pthread_mutex_lock(&counter_lock);
        locked_counter++;
        pthread_mutex_unlock(&counter_lock);
        __sync_fetch_and_add(&sync_counter, 1);
        __atomic_add_fetch(&atomic_counter, 2, __ATOMIC_SEQ_CST);
        while (__atomic_exchange_n(&spin_word, 1, __ATOMIC_ACQUIRE) != 0) { }
        exchanged_total += 3;
        __atomic_store_n(&spin_word, 0, __ATOMIC_RELEASE);
    }
    return NULL;
}

static void counters(void) {
    pthread_t t[THREADS];
    for (int i = 0; i < THREADS; i++) check(pthread_create(&t[i], NULL, count, NULL), "create");
    for (int i = 0; i < THREADS; i++) check(pthread_join(t[i], NULL), "join");
    printf("counters: mutex %ld, __sync %ld, __atomic %ld, xchg spinlock %ld\n", locked_counter, sync_counter,
           atomic_counter, exchanged_total);
}

/* ---- a bounded queue with two condition variables ---- */

#define QUEUE_SIZE 4
#define ITEMS 2000
static int queue[QUEUE_SIZE];
static int queue_head, queue_count;
static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER, not_empty = PTHREAD_COND_INITIALIZER;

static void *produce(void *arg) {
    int base = (int) (long) arg;
    for (int i = 1; i <= ITEMS; i++) {
        pthread_mutex_lock(&queue_lock);
        while (queue_count == QUEUE_SIZE) pthread_cond_wait(&not_full, &queue_lock);
        queue[(queue_head + queue_count++) % QUEUE_SIZE] = base + i;
        pthread_cond_signal(&not_empty);
        pthread_mutex_unlock(&queue_lock);
    }
    return NULL;
}

static void *consume(void *arg) {
    (void) arg;
    long sum = 0;
    for (int i = 0; i < ITEMS; i++) {
        pthread_mutex_lock(&queue_lock);
        while (queue_count == 0) pthread_cond_wait(&not_empty, &queue_lock);
        sum += queue[queue_head];
        queue_head = (queue_head + 1) % QUEUE_SIZE;
        queue_count--;
        pthread_cond_signal(&not_full);
        pthread_mutex_unlock(&queue_lock);
    }
    return (void *) sum;
}

static void producer_consumer(void) {
    pthread_t p[2], c[2];
    for (long i = 0; i < 2; i++) check(pthread_create(&p[i], NULL, produce, (void *) (i * 100000)), "create");
    for (int i = 0; i < 2; i++) check(pthread_create(&c[i], NULL, consume, NULL), "create");
    long total = 0;
    for (int i = 0; i < 2; i++) {
        void *sum;
        check(pthread_join(c[i], &sum), "join");
        total += (long) sum;
    }
    for (int i = 0; i < 2; i++) check(pthread_join(p[i], NULL), "join");
    printf("condvar queue: consumed total %ld, left %d\n", total, queue_count);
}

/* ---- barrier, thread-local storage, once, keys ---- */

static pthread_barrier_t barrier;
static int arrived;
static __thread int tls_value = 7;
static __thread char tls_name[16];
static pthread_once_t once = PTHREAD_ONCE_INIT;
static int once_runs;
static pthread_key_t key;
static int destructor_sum;
static pthread_mutex_t destructor_lock = PTHREAD_MUTEX_INITIALIZER;

static void run_once(void) { once_runs++; }

static void destroy(void *value) {
    pthread_mutex_lock(&destructor_lock);
    destructor_sum += *(int *) value;
    pthread_mutex_unlock(&destructor_lock);
    free(value);
}

static void *meet(void *arg) {
    int index = (int) (long) arg;
    int initial = tls_value;
    tls_value = 100 + index;
    snprintf(tls_name, sizeof tls_name, "thread-%d", index);
    __atomic_add_fetch(&arrived, 1, __ATOMIC_SEQ_CST);
    int serial = pthread_barrier_wait(&barrier) == PTHREAD_BARRIER_SERIAL_THREAD;
    int seen = __atomic_load_n(&arrived, __ATOMIC_SEQ_CST);
    pthread_once(&once, run_once);
    int *mine = malloc(sizeof *mine);
    *mine = index + 1;
    pthread_setspecific(key, mine);
    sched_yield();
    char expected[16];
    snprintf(expected, sizeof expected, "thread-%d", index);
    int tls_ok = initial == 7 && tls_value == 100 + index && strcmp(tls_name, expected) == 0
                 && pthread_getspecific(key) == mine;
    return (void *) (long) ((seen == THREADS) | tls_ok << 1 | serial << 2);
}

static void barrier_tls_once_keys(void) {
    pthread_t t[THREADS];
    check(pthread_barrier_init(&barrier, NULL, THREADS), "barrier_init");
    check(pthread_key_create(&key, destroy), "key_create");
    tls_value = 1;
    for (long i = 0; i < THREADS; i++) check(pthread_create(&t[i], NULL, meet, (void *) i), "create");
    int all_seen = 1, all_tls = 1, serials = 0;
    for (int i = 0; i < THREADS; i++) {
        void *result;
        check(pthread_join(t[i], &result), "join");
        long r = (long) result;
        all_seen &= r & 1;
        all_tls &= (r >> 1) & 1;
        serials += (r >> 2) & 1;
    }
    printf("barrier: all saw %d arrivals %s, serial threads %d\n", THREADS, all_seen ? "yes" : "no", serials);
    printf("tls: per-thread values %s, main's value %d\n", all_tls ? "ok" : "wrong", tls_value);
    printf("once: ran %d time(s); key destructors summed %d\n", once_runs, destructor_sum);
    pthread_barrier_destroy(&barrier);
}

/* ---- a detached thread ---- */

static sem_t detached_done;
static int detached_ran;

static void *detached(void *arg) {
    (void) arg;
    detached_ran = 1;
    sem_post(&detached_done);
    return NULL;
}

static void detached_thread(void) {
    pthread_attr_t attr;
    pthread_t t;
    sem_init(&detached_done, 0, 0);
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    check(pthread_create(&t, &attr, detached, NULL), "create");
    pthread_attr_destroy(&attr);
    while (sem_wait(&detached_done) != 0) { }
    printf("detached: ran %d, join answers %s\n", detached_ran, pthread_join(t, NULL) == EINVAL ? "EINVAL" : "other");
}

/* ---- cancellation of threads blocked in pthread_cond_wait and in sleep ---- */

static pthread_mutex_t cancel_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t never = PTHREAD_COND_INITIALIZER;
static sem_t waiting;
static int cleanups;

static void unlock_on_cancel(void *mutex) {
    cleanups++;
    pthread_mutex_unlock(mutex);
}

static void *wait_forever(void *arg) {
    (void) arg;
    pthread_mutex_lock(&cancel_lock);
    pthread_cleanup_push(unlock_on_cancel, &cancel_lock);
    sem_post(&waiting);
    for (;;) pthread_cond_wait(&never, &cancel_lock);
    pthread_cleanup_pop(1);
    return NULL;
}

static void *sleep_forever(void *arg) {
    (void) arg;
    sem_post(&waiting);
    for (;;) sleep(100);
    return NULL;
}

static void cancellation(void) {
    pthread_t waiter, sleeper;
    void *r1, *r2;
    sem_init(&waiting, 0, 0);
    check(pthread_create(&waiter, NULL, wait_forever, NULL), "create");
    check(pthread_create(&sleeper, NULL, sleep_forever, NULL), "create");
    while (sem_wait(&waiting) != 0) { }
    while (sem_wait(&waiting) != 0) { }
    pthread_mutex_lock(&cancel_lock); /* the waiter is inside pthread_cond_wait once it released the mutex */
    pthread_mutex_unlock(&cancel_lock);
    check(pthread_cancel(waiter), "cancel");
    check(pthread_cancel(sleeper), "cancel");
    check(pthread_join(waiter, &r1), "join");
    check(pthread_join(sleeper, &r2), "join");
    int relockable = pthread_mutex_trylock(&cancel_lock) == 0;
    if (relockable) pthread_mutex_unlock(&cancel_lock);
    printf("cancel: cond_wait thread %s, sleeping thread %s, cleanup handlers %d, mutex free %s\n",
           r1 == PTHREAD_CANCELED ? "canceled" : "not canceled", r2 == PTHREAD_CANCELED ? "canceled" : "not canceled",
           cleanups, relockable ? "yes" : "no");
}

/* ---- a signal sent to one thread ---- */

static volatile sig_atomic_t handled_in_target;
static pthread_t signal_target;
static sem_t target_ready;

static void on_usr1(int signal) {
    (void) signal;
    handled_in_target = pthread_equal(pthread_self(), signal_target) ? 1 : 2;
}

static void *await_signal(void *arg) {
    (void) arg;
    sigset_t none;
    sigemptyset(&none);
    sem_post(&target_ready);
    while (!handled_in_target) sigsuspend(&none);
    return NULL;
}

static void thread_directed_signal(void) {
    sigset_t usr1;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_usr1;
    sigaction(SIGUSR1, &action, NULL);
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &usr1, NULL); /* the new thread inherits the mask; sigsuspend opens it */
    sem_init(&target_ready, 0, 0);
    check(pthread_create(&signal_target, NULL, await_signal, NULL), "create");
    while (sem_wait(&target_ready) != 0) { }
    check(pthread_kill(signal_target, SIGUSR1), "pthread_kill");
    check(pthread_join(signal_target, NULL), "join");
    pthread_sigmask(SIG_UNBLOCK, &usr1, NULL);
    printf("pthread_kill: handled %s\n", handled_in_target == 1 ? "on the target thread" : "elsewhere");
}

/* ---- fork while other threads run ---- */

static volatile int keep_spinning = 1;

static void *spin(void *arg) {
    (void) arg;
    while (keep_spinning) sched_yield();
    return NULL;
}

static void fork_from_threads(void) {
    pthread_t t;
    check(pthread_create(&t, NULL, spin, NULL), "create");
    fflush(stdout);
    pid_t child = fork();
    if (child == 0) {
        /* only the forking thread exists in the child; its locks and counters are copies */
        pthread_mutex_lock(&counter_lock);
        printf("fork child: counter copy %ld, gettid == getpid %s\n", locked_counter,
               syscall(SYS_gettid) == getpid() ? "yes" : "no");
        pthread_mutex_unlock(&counter_lock);
        fflush(stdout);
        _exit(3);
    }
    int status;
    waitpid(child, &status, 0);
    keep_spinning = 0;
    check(pthread_join(t, NULL), "join");
    printf("fork parent: child exit %d, gettid == getpid %s\n", WEXITSTATUS(status),
           syscall(SYS_gettid) == getpid() ? "yes" : "no");
}

/* ---- futex answers and clone's flag checks, straight from the system calls ---- */

static const char *error_name(long result) {
    if (result >= 0) return "ok";
    switch (errno) {
    case EAGAIN: return "EAGAIN";
    case ETIMEDOUT: return "ETIMEDOUT";
    case EINVAL: return "EINVAL";
    case ENOSYS: return "ENOSYS";
    case E2BIG: return "E2BIG";
    default: return "other";
    }
}

static void futex_and_clone_answers(void) {
    static int word = 1;
    struct timespec ten_ms = {0, 10 * 1000 * 1000};
    printf("futex: wait on a changed value %s", error_name(syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0)));
    printf(", timed wait %s", error_name(syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 1, &ten_ms, NULL, 0)));
    printf(", bitset 0 %s", error_name(syscall(SYS_futex, &word, FUTEX_WAIT_BITSET_PRIVATE, 1, NULL, NULL, 0)));
    printf(", misaligned %s", error_name(syscall(SYS_futex, (char *) &word + 1, FUTEX_WAKE, 1, NULL, NULL, 0)));
    printf(", wake nobody %ld\n", syscall(SYS_futex, &word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0));
    printf("clone: THREAD without SIGHAND %s", error_name(syscall(SYS_clone, CLONE_THREAD, NULL, NULL, NULL, NULL)));
    printf(", SIGHAND without VM %s", error_name(syscall(SYS_clone, CLONE_SIGHAND, NULL, NULL, NULL, NULL)));
    struct clone_args args;
    memset(&args, 0, sizeof args);
    args.flags = CLONE_VM | CLONE_SIGHAND | CLONE_THREAD;
    args.exit_signal = SIGCHLD;
    printf(", clone3 thread with an exit signal %s", error_name(syscall(SYS_clone3, &args, sizeof args)));
    printf(", clone3 short %s\n", error_name(syscall(SYS_clone3, &args, 32)));
}

/* ---- a robust mutex whose owner ended without unlocking it ---- */

static pthread_mutex_t robust;

static void *lock_and_leave(void *arg) {
    (void) arg;
    pthread_mutex_lock(&robust);
    return NULL;
}

static void robust_mutex(void) {
    pthread_mutexattr_t attr;
    pthread_t t;
    pthread_mutexattr_init(&attr);
    pthread_mutexattr_setrobust(&attr, PTHREAD_MUTEX_ROBUST);
    pthread_mutex_init(&robust, &attr);
    check(pthread_create(&t, NULL, lock_and_leave, NULL), "create");
    check(pthread_join(t, NULL), "join");
    int r = pthread_mutex_lock(&robust);
    if (r == EOWNERDEAD) pthread_mutex_consistent(&robust);
    pthread_mutex_unlock(&robust);
    printf("robust mutex: lock after the owner died answers %s\n", r == EOWNERDEAD ? "EOWNERDEAD" : strerror(r));
}

/* ---- scheduling attributes, recorded and answered back ---- */

static void scheduling(void) {
    struct sched_param param;
    int policy;
    int r = pthread_getschedparam(pthread_self(), &policy, &param);
    printf("scheduling: getschedparam %s policy %d priority %d", strerror(r), policy, param.sched_priority);
    printf(", FIFO priorities %d..%d, OTHER %d..%d", sched_get_priority_min(SCHED_FIFO),
           sched_get_priority_max(SCHED_FIFO), sched_get_priority_min(SCHED_OTHER), sched_get_priority_max(SCHED_OTHER));
    param.sched_priority = 5;
    printf(", OTHER at priority 5 %s", strerror(pthread_setschedparam(pthread_self(), SCHED_OTHER, &param)));
    param.sched_priority = 0;
    printf(", at 0 %s\n", strerror(pthread_setschedparam(pthread_self(), SCHED_OTHER, &param)));
}

/* ---- scenarios that end or replace the process ---- */

static void *outlive_main(void *arg) {
    (void) arg;
    struct timespec t = {0, 50 * 1000 * 1000};
    nanosleep(&t, NULL);
    printf("leader-exits: the second thread runs on after the main thread's exit\n");
    fflush(stdout);
    syscall(SYS_exit, 5);
    return NULL;
}

static int leader_exits(void) {
    pthread_t t;
    check(pthread_create(&t, NULL, outlive_main, NULL), "create");
    syscall(SYS_exit, 3);
    return 1;
}

static char pid_text[16];

static void *exec_self(void *arg) {
    char *argv[] = {(char *) arg, "exec-target", pid_text, NULL};
    execv("/proc/self/exe", argv);
    printf("execv failed: %s\n", strerror(errno));
    exit(1);
}

static void *block_forever(void *arg) {
    (void) arg;
    for (;;) pause();
    return NULL;
}

static int exec_from_thread(char *program) {
    pthread_t t, idle;
    snprintf(pid_text, sizeof pid_text, "%d", (int) getpid());
    check(pthread_create(&idle, NULL, block_forever, NULL), "create");
    check(pthread_create(&t, NULL, exec_self, program), "create");
    pthread_join(t, NULL);
    printf("exec-from-thread: still running after the exec\n");
    return 1;
}

static int exec_target(const char *pid) {
    printf("exec-target: same process id %s, thread id is the process id %s\n", atoi(pid) == getpid() ? "yes" : "no",
           syscall(SYS_gettid) == getpid() ? "yes" : "no");
    return 0;
}

static int spawn(char *program) {
    volatile int shared = 0;
    pid_t child = vfork();
    if (child == 0) {
        shared = 42; /* vfork's child runs in the parent's memory */
        _exit(4);
    }
    int status;
    waitpid(child, &status, 0);
    printf("vfork: the parent sees the child's store %d, exit %d\n", shared, WEXITSTATUS(status));
    fflush(stdout);
    char *argv[] = {program, "spawn-target", NULL};
    pid_t spawned;
    int error = posix_spawn(&spawned, "/proc/self/exe", NULL, NULL, argv, NULL);
    if (error != 0) {
        printf("posix_spawn: %s\n", strerror(error));
        return 1;
    }
    waitpid(spawned, &status, 0);
    printf("posix_spawn: child exit %d\n", WEXITSTATUS(status));
    return 0;
}

int main(int argc, char **argv) {
    if (argc > 1) {
        if (strcmp(argv[1], "leader-exits") == 0) return leader_exits();
        if (strcmp(argv[1], "exec-from-thread") == 0) return exec_from_thread(argv[0]);
        if (strcmp(argv[1], "exec-target") == 0 && argc > 2) return exec_target(argv[2]);
        if (strcmp(argv[1], "spawn") == 0) return spawn(argv[0]);
        if (strcmp(argv[1], "spawn-target") == 0) {
            printf("spawn-target: running\n");
            return 6;
        }
        printf("unknown scenario %s\n", argv[1]);
        return 2;
    }
    create_and_join();
    counters();
    producer_consumer();
    barrier_tls_once_keys();
    detached_thread();
    cancellation();
    thread_directed_signal();
    fork_from_threads();
    futex_and_clone_answers();
    robust_mutex();
    scheduling();
    return 0;
}
