/* A bytecode interpreter loop: a small stack machine (switch dispatch) counting primes and summing a series. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

enum { PUSH, LOAD, STORE, ADD, SUB, MUL, MOD, LT, JZ, JMP, DUP, DROP, HALT };

static int32_t run(const int32_t *code, int32_t *vars) {
    int32_t stack[64];
    int sp = 0, pc = 0;
    for (;;) {
        int32_t op = code[pc++];
        switch (op) {
        case PUSH: stack[sp++] = code[pc++]; break;
        case LOAD: stack[sp++] = vars[code[pc++]]; break;
        case STORE: vars[code[pc++]] = stack[--sp]; break;
        case ADD: sp--; stack[sp - 1] += stack[sp]; break;
        case SUB: sp--; stack[sp - 1] -= stack[sp]; break;
        case MUL: sp--; stack[sp - 1] *= stack[sp]; break;
        case MOD: sp--; stack[sp - 1] %= stack[sp]; break;
        case LT: sp--; stack[sp - 1] = stack[sp - 1] < stack[sp]; break;
        case JZ: pc = stack[--sp] ? pc + 1 : code[pc]; break;
        case JMP: pc = code[pc]; break;
        case DUP: stack[sp] = stack[sp - 1]; sp++; break;
        case DROP: sp--; break;
        case HALT: return vars[0];
        default: return -1;
        }
    }
}

int main(int argc, char **argv) {
    int32_t limit = argc > 1 ? atoi(argv[1]) : 30000;
    /* vars: 0 count, 1 n, 2 d, 3 limit, 4 prime flag */
    int32_t prog[128];
    int n = 0;
#define EMIT(x) (prog[n++] = (x))
    EMIT(PUSH); EMIT(0); EMIT(STORE); EMIT(0);
    EMIT(PUSH); EMIT(2); EMIT(STORE); EMIT(1);
    int outer = n;
    EMIT(LOAD); EMIT(1); EMIT(LOAD); EMIT(3); EMIT(LT); EMIT(JZ); int exit_patch = n; EMIT(0);
    EMIT(PUSH); EMIT(1); EMIT(STORE); EMIT(4); EMIT(PUSH); EMIT(2); EMIT(STORE); EMIT(2);
    int inner = n;
    EMIT(LOAD); EMIT(2); EMIT(LOAD); EMIT(2); EMIT(MUL); EMIT(LOAD); EMIT(1); EMIT(PUSH); EMIT(1); EMIT(ADD);
    EMIT(LT); EMIT(JZ); int done_patch = n; EMIT(0);
    EMIT(LOAD); EMIT(1); EMIT(LOAD); EMIT(2); EMIT(MOD); EMIT(JZ); int composite_patch = n; EMIT(0);
    EMIT(LOAD); EMIT(2); EMIT(PUSH); EMIT(1); EMIT(ADD); EMIT(STORE); EMIT(2); EMIT(JMP); EMIT(inner);
    prog[composite_patch] = n;
    EMIT(PUSH); EMIT(0); EMIT(STORE); EMIT(4);
    prog[done_patch] = n;
    EMIT(LOAD); EMIT(0); EMIT(LOAD); EMIT(4); EMIT(ADD); EMIT(STORE); EMIT(0);
    EMIT(LOAD); EMIT(1); EMIT(PUSH); EMIT(1); EMIT(ADD); EMIT(STORE); EMIT(1); EMIT(JMP); EMIT(outer);
    prog[exit_patch] = n;
    EMIT(HALT);
    int32_t vars[8] = {0, 0, 0, limit, 0};
    int32_t primes = run(prog, vars);
    printf("bytecode: %d primes below %d (%d bytecodes)\n", primes, limit, n);
    return 0;
}
