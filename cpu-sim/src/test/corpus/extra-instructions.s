# Hand-written instructions as gcc, glibc and the kernel write them (one per line, GNU as syntax).
push %ebp
mov %esp,%ebp
sub $0x18,%esp
mov 0x8(%ebp),%eax
movl $0x0,-0x4(%ebp)
.byte 0x8d,0x74,0x26,0x00
.byte 0x8d,0xbc,0x27,0x00,0x00,0x00,0x00
nopw 0x0(%eax,%eax,1)
cs nopw 0x0(%eax,%eax,1)
.byte 0x66,0x66,0x2e,0x0f,0x1f,0x84,0x00,0x00,0x00,0x00,0x00
xchg %ax,%ax
xchg %eax,%ebx
rep stos %eax,%es:(%edi)
rep movsb %ds:(%esi),%es:(%edi)
repz cmpsb %es:(%edi),%ds:(%esi)
repnz scas %es:(%edi),%al
lock cmpxchg %ecx,(%edx)
lock incl (%eax)
lock xadd %eax,0x4(%edx)
mov %gs:0x14,%eax
mov %fs:0x0,%eax
xor %gs:0x14,%edx
call *0x10(%eax)
jmp *0x8049000(,%eax,4)
call *%edx
ljmp $0x10,$0x1234
lcall $0x8,$0x100
movzbl (%eax),%eax
movzwl %ax,%eax
movsbl %al,%eax
movswl 0x2(%ecx),%edx
movzbw %al,%ax
cwtl
cltd
cbtw
cwtd
imul $0x64,%eax,%eax
imul %ecx,%edx
shld $0x4,%eax,%edx
shrd %cl,%edx,%eax
bswap %eax
bt $0x3,%eax
btsl $0x5,(%eax)
sete %al
setne (%ecx)
cmovne %edx,%eax
fldl 0x8(%ebp)
fstps -0x4(%ebp)
fildll (%eax)
fistpll (%eax)
fnstcw -0x2(%ebp)
fldcw -0x4(%ebp)
fxch %st(1)
fucomip %st(1),%st
faddp %st,%st(1)
fsubrp %st,%st(2)
fdivrp %st,%st(1)
fmul %st(2),%st
fstp %st(0)
fnstsw %ax
fstsw %ax
fwait
finit
movd %xmm0,%eax
movq %xmm1,(%eax)
movq (%eax),%xmm1
movdqa (%eax),%xmm0
movdqu %xmm0,0x10(%esp)
pcmpeqb (%eax),%xmm1
pmovmskb %xmm1,%edx
pxor %xmm0,%xmm0
pshufd $0x0,%xmm0,%xmm0
movsd 0x8(%esp),%xmm0
addsd %xmm1,%xmm0
cvttsd2si %xmm0,%eax
cvtsi2sdl 0x4(%esp),%xmm0
ucomisd %xmm1,%xmm0
cmpltsd %xmm1,%xmm0
in $0x60,%al
out %al,$0x80
inb (%dx),%al
outl %eax,(%dx)
insl (%dx),%es:(%edi)
outsb %ds:(%esi),(%dx)
int $0x80
int3
ud2
hlt
cpuid
rdtsc
rdmsr
wrmsr
sysenter
mov %cr0,%eax
mov %eax,%cr3
mov %db7,%eax
lgdtl (%eax)
lidtl (%eax)
sgdtl (%eax)
sidtl (%eax)
lldt %ax
ltr %ax
str %eax
sldt %eax
invlpg (%eax)
wbinvd
clts
lsl %eax,%edx
lar %eax,%edx
verr %ax
xlat %ds:(%ebx)
aaa
aas
daa
das
aam
aad
sahf
lahf
cmc
clc
stc
cld
std
cli
sti
pause
endbr32
ud1 %eax,%edx
ud0 %eax,%edx
xsave (%eax)
xrstor (%eax)
fxsave (%eax)
fxrstor (%eax)
ldmxcsr (%eax)
stmxcsr (%eax)
mfence
lfence
sfence
clflush (%eax)
prefetchnta (%eax)
prefetcht0 0x40(%esi)
enter $0x10,$0x0
leave
ret
ret $0x8
lret
iret
pusha
popa
pushf
popf
loop .
loope .
loopne .
jecxz .
les (%eax),%ecx
lds (%eax),%ecx
lss (%eax),%esp
lfs (%eax),%ecx
lgs (%eax),%ecx
bound %eax,(%ecx)
arpl %ax,%cx
mov %es,%eax
mov %eax,%ds
mov (%eax),%ss
push %fs
pop %gs
tzcnt %eax,%edx
popcnt %eax,%edx
rdpmc
addr16 mov 0x4(%bx,%si),%eax
mov 0x1000,%eax
mov %eax,0x1000
movb $0x1,(%eax)
movw $0x1,(%eax)
shl %eax
shl $0x2,%eax
sar %cl,%edx
rcl %eax
rcr $0x3,%ebx
rol %cl,%ax
notrack jmp *%eax
bnd ret
repz ret
