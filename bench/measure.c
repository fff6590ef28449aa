/* Runs a command with its standard output to a file and prints its wall-clock
 * time, peak resident memory and exit status (for bench/run.sh):
 *
 *   measure OUTFILE [-i INFILE] COMMAND [ARG]...   ->   "SECONDS MAXRSS_KB STATUS"
 *
 * Standard input is INFILE, or /dev/null. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    const char *input = "/dev/null";
    int cmd = 2;
    if (argc > 3 && strcmp(argv[2], "-i") == 0) {
        input = argv[3];
        cmd = 4;
    }
    if (argc <= cmd) {
        fprintf(stderr, "usage: measure OUTFILE [-i INFILE] COMMAND [ARG]...\n");
        return 2;
    }
    int out = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (out < 0) {
        perror(argv[1]);
        return 2;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid_t pid = fork();
    if (pid < 0) {
        perror("fork");
        return 2;
    }
    if (pid == 0) {
        int in = open(input, O_RDONLY);
        if (in < 0) {
            perror(input);
            _exit(127);
        }
        dup2(in, 0);
        dup2(out, 1);
        execvp(argv[cmd], argv + cmd);
        perror(argv[cmd]);
        _exit(127);
    }
    int status;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) < 0) {
        perror("wait4");
        return 2;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    printf("%.4f %ld %d\n", secs, ru.ru_maxrss, code);
    return 0;
}
