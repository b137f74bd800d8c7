/* Prints what execve told a dynamically linked program about itself (the auxiliary vector, read raw after envp:
 * glibc's getauxval rewrites AT_HWCAP), what /proc/self/auxv holds and what /proc/self/exe names, one
 * "KEY value" line each, for ukcf's auxv test. */
#include <elf.h>
#include <stdio.h>
#include <sys/auxv.h>
#include <unistd.h>

static Elf32_auxv_t *raw_auxv(char **envp) {
    while (*envp) envp++;
    return (Elf32_auxv_t *) (envp + 1);
}

static unsigned long raw(Elf32_auxv_t *auxv, unsigned long type) {
    for (; auxv->a_type != AT_NULL; auxv++) if (auxv->a_type == type) return auxv->a_un.a_val;
    return 0;
}

int main(int argc, char **argv, char **envp) {
    Elf32_auxv_t *auxv = raw_auxv(envp);
    static const struct { unsigned long type; const char *name; } KEYS[] = {
        {AT_PHDR, "AT_PHDR"}, {AT_PHENT, "AT_PHENT"}, {AT_PHNUM, "AT_PHNUM"}, {AT_PAGESZ, "AT_PAGESZ"},
        {AT_BASE, "AT_BASE"}, {AT_ENTRY, "AT_ENTRY"}, {AT_HWCAP, "AT_HWCAP"}, {AT_SYSINFO, "AT_SYSINFO"},
        {AT_SYSINFO_EHDR, "AT_SYSINFO_EHDR"},
    };
    for (unsigned i = 0; i < sizeof KEYS / sizeof KEYS[0]; i++) printf("%s 0x%lx\n", KEYS[i].name, raw(auxv, KEYS[i].type));
    printf("AT_EXECFN %s\n", (const char *) raw(auxv, AT_EXECFN));
    FILE *proc = fopen("/proc/self/auxv", "rb");
    Elf32_auxv_t entry;
    int same = proc != NULL;
    for (Elf32_auxv_t *a = auxv; same; a++) {
        same = fread(&entry, sizeof entry, 1, proc) == 1 && entry.a_type == a->a_type && entry.a_un.a_val == a->a_un.a_val;
        if (a->a_type == AT_NULL) break;
    }
    printf("/proc/self/auxv %s\n", same ? "matches" : "differs");
    char exe[256];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    exe[n < 0 ? 0 : n] = 0;
    printf("exe %s\n", exe);
    printf("main 0x%lx\n", (unsigned long) &main);
    return 0;
}
