# The bundled i386 sample that `ukcf demo` runs: a few kernels that touch the integer ALU, memory, the stack,
# string instructions, SSE2 and the x87 FPU, ending in Linux's exit system call.
        .text
        .globl _start
_start:
        # sum 1..10 with LOOP
        xor     %eax, %eax
        mov     $10, %ecx
1:      add     %ecx, %eax
        loop    1b
        mov     %eax, sum

        # the first twelve Fibonacci numbers into a table
        mov     $fib, %edi
        xor     %ebx, %ebx
        mov     $1, %edx
        mov     $12, %ecx
2:      mov     %ebx, (%edi)
        add     $4, %edi
        lea     (%ebx,%edx), %esi
        mov     %edx, %ebx
        mov     %esi, %edx
        loop    2b

        # strlen of msg the way glibc's SSE2 strlen finds the terminator
        mov     $msg, %esi
        pxor    %xmm0, %xmm0
        movdqu  (%esi), %xmm1
        pcmpeqb %xmm0, %xmm1
        pmovmskb %xmm1, %eax
        bsf     %eax, %eax
        mov     %eax, length

        # copy msg with REP MOVSB, then call a function that upper-cases it in place
        mov     $msg, %esi
        mov     $copy, %edi
        lea     1(%eax), %ecx
        cld
        rep movsb
        push    $copy
        call    upcase
        add     $4, %esp

        # sqrt(2) on the x87, stored as 80-bit extended precision and as a double
        fld1
        fadd    %st(0), %st(0)
        fsqrt
        fld     %st(0)
        fstpl   root2
        fstpt   root2x

        # exit(length)
        mov     length, %ebx
        mov     $1, %eax
        int     $0x80

upcase: push    %ebp
        mov     %esp, %ebp
        mov     8(%ebp), %edx
3:      movzbl  (%edx), %eax
        test    %al, %al
        je      5f
        lea     -'a'(%eax), %ecx
        cmp     $25, %cl
        ja      4f
        sub     $0x20, %al
        mov     %al, (%edx)
4:      inc     %edx
        jmp     3b
5:      leave
        ret

        .data
        .balign 16
msg:    .asciz  "hello, ukcf!"
        .balign 16
copy:   .fill   16, 1, 0
sum:    .long   0
length: .long   0
fib:    .fill   12, 4, 0
root2:  .double 0
root2x: .fill   10, 1, 0
