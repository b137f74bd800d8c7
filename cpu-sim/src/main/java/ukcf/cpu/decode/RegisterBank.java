package ukcf.cpu.decode;

/** Register files an operand can name. */
public enum RegisterBank {
    /** General-purpose: index in EAX,ECX,EDX,EBX,ESP,EBP,ESI,EDI order; byte size 1 uses AL,CL,DL,BL,AH,CH,DH,BH. */
    GPR,
    SEGMENT,
    CONTROL,
    DEBUG,
    /** x87 stack register ST(index), relative to TOP. */
    X87,
    MMX,
    XMM
}
