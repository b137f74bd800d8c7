package ukcf.user.process;

import ukcf.cpu.state.CpuState;

/** Copies one CPU's architectural state into another (fork). */
final class CpuStates {
    private CpuStates() { }

    static void copy(CpuState from, CpuState to) {
        System.arraycopy(from.gpr, 0, to.gpr, 0, from.gpr.length);
        to.eip = from.eip;
        to.flags.copyFrom(from.flags);
        System.arraycopy(from.segmentSelector, 0, to.segmentSelector, 0, from.segmentSelector.length);
        System.arraycopy(from.segmentBase, 0, to.segmentBase, 0, from.segmentBase.length);
        to.cpl = from.cpl;
        System.arraycopy(from.x87.registers, 0, to.x87.registers, 0, from.x87.registers.length);
        to.x87.controlWord = from.x87.controlWord;
        to.x87.status = from.x87.status;
        to.x87.top = from.x87.top;
        to.x87.nonEmpty = from.x87.nonEmpty;
        to.x87.lastInstructionPointer = from.x87.lastInstructionPointer;
        to.x87.lastInstructionSelector = from.x87.lastInstructionSelector;
        to.x87.lastOpcode = from.x87.lastOpcode;
        to.x87.lastDataPointer = from.x87.lastDataPointer;
        to.x87.lastDataSelector = from.x87.lastDataSelector;
        System.arraycopy(from.sse.xmm, 0, to.sse.xmm, 0, from.sse.xmm.length);
        to.sse.mxcsr = from.sse.mxcsr;
        to.timeStampCounter = from.timeStampCounter;
    }
}
