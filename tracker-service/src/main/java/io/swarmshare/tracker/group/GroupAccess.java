package io.swarmshare.tracker.group;

import io.swarmshare.tracker.state.DomainError;
import org.springframework.stereotype.Component;

/** Where "may this user touch this group" is decided; used by reads and by the command applier alike. */
@Component
public class GroupAccess {

    public static final String OWNER = "OWNER";
    public static final String MEMBER = "MEMBER";
    public static final String PENDING = "PENDING";
    public static final String NONE = "NONE";

    private final GroupRepository groups;
    private final GroupMemberRepository members;
    private final JoinRequestRepository requests;

    GroupAccess(GroupRepository groups, GroupMemberRepository members, JoinRequestRepository requests) {
        this.groups = groups;
        this.members = members;
        this.requests = requests;
    }

    public TrackerGroup requireGroup(String name) {
        return groups.findByName(name)
                .orElseThrow(() -> DomainError.GROUP_NOT_FOUND.because("Group '" + name + "' does not exist."));
    }

    public TrackerGroup requireMember(String name, String username) {
        TrackerGroup group = requireGroup(name);
        if (!members.existsByGroupIdAndUsername(group.id(), username)) {
            throw DomainError.MEMBERS_ONLY.because("Only members of group '" + name
                    + "' can do that; ask its owner to accept a join request.");
        }
        return group;
    }

    public TrackerGroup requireOwner(String name, String username) {
        TrackerGroup group = requireGroup(name);
        if (!group.owner().equals(username)) {
            throw DomainError.OWNER_ONLY.because("Only the owner of group '" + name + "' can manage its join requests.");
        }
        return group;
    }

    /** OWNER, MEMBER, PENDING or NONE. */
    public String roleOf(TrackerGroup group, String username) {
        if (group.owner().equals(username)) {
            return OWNER;
        }
        if (members.existsByGroupIdAndUsername(group.id(), username)) {
            return MEMBER;
        }
        if (requests.existsByGroupIdAndUsername(group.id(), username)) {
            return PENDING;
        }
        return NONE;
    }
}
