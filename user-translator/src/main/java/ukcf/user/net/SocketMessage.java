package ukcf.user.net;

import java.util.List;

/** A sendmsg: the data gathered from the iovecs, the control messages, and the MSG_* flags. */
public record SocketMessage(byte[] data, List<ControlMessage> controls, int flags) {
    /** One cmsghdr with its payload. */
    public record ControlMessage(int level, int type, byte[] data) { }

    public boolean more() { return (flags & Socket.MSG_MORE) != 0; }
}
