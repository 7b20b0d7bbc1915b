package io.swarmshare.tracker.group;

import io.swarmshare.common.api.CreateGroupRequest;
import io.swarmshare.common.api.GroupView;
import io.swarmshare.common.api.JoinRequestView;
import io.swarmshare.common.api.MembershipView;
import io.swarmshare.common.names.FileNames;
import io.swarmshare.tracker.session.Caller;
import io.swarmshare.tracker.state.CommandBus;
import io.swarmshare.tracker.state.DomainError;
import io.swarmshare.tracker.state.TrackerCommand.AcceptJoin;
import io.swarmshare.tracker.state.TrackerCommand.CreateGroup;
import io.swarmshare.tracker.state.TrackerCommand.LeaveGroup;
import io.swarmshare.tracker.state.TrackerCommand.RejectJoin;
import io.swarmshare.tracker.state.TrackerCommand.RequestJoin;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Groups and the join-request flow. Reads go to the repositories; changes go through the command bus. */
@Service
public class GroupService {

    private final GroupRepository groups;
    private final GroupMemberRepository members;
    private final JoinRequestRepository requests;
    private final GroupAccess access;
    private final CommandBus commands;
    private final Clock clock;

    GroupService(GroupRepository groups, GroupMemberRepository members, JoinRequestRepository requests,
                 GroupAccess access, CommandBus commands, Clock clock) {
        this.groups = groups;
        this.members = members;
        this.requests = requests;
        this.access = access;
        this.commands = commands;
        this.clock = clock;
    }

    public List<GroupView> all(Caller caller) {
        return groups.findAllByOrderByNameAsc().stream().map(g -> view(g, caller.username())).toList();
    }

    public List<GroupView> mine(Caller caller) {
        Set<Long> mine = members.findByUsername(caller.username()).stream()
                .map(GroupMember::groupId).collect(Collectors.toSet());
        return groups.findAllByOrderByNameAsc().stream()
                .filter(g -> mine.contains(g.id()))
                .map(g -> view(g, caller.username())).toList();
    }

    public GroupView create(Caller caller, CreateGroupRequest request) {
        String name = request == null ? null : request.name();
        String problem = FileNames.accountProblem("group", name);
        if (problem != null) {
            throw DomainError.INVALID_REQUEST.because(Character.toUpperCase(problem.charAt(0)) + problem.substring(1) + ".");
        }
        // The applier's answer, not a read here: a lagging tracker may not have applied the write yet. A null one is a
        // retry answered from a reply stored before CreateGroup answered with the view.
        GroupView created = commands.submit(new CreateGroup(name, caller.username(), now()));
        return created != null ? created : view(access.requireGroup(name), caller.username());
    }

    public MembershipView requestJoin(Caller caller, String group) {
        return commands.submit(new RequestJoin(group, caller.username(), now()));
    }

    public List<JoinRequestView> pendingRequests(Caller caller, String group) {
        TrackerGroup g = access.requireOwner(group, caller.username());
        return requests.findByGroupIdOrderByRequestedAtAscIdAsc(g.id()).stream()
                .map(r -> new JoinRequestView(g.name(), r.username(), r.requestedAt())).toList();
    }

    public MembershipView accept(Caller caller, String group, String username) {
        return commands.submit(new AcceptJoin(group, caller.username(), username, now()));
    }

    public MembershipView reject(Caller caller, String group, String username) {
        return commands.submit(new RejectJoin(group, caller.username(), username, now()));
    }

    public MembershipView leave(Caller caller, String group) {
        return commands.submit(new LeaveGroup(group, caller.username(), now()));
    }

    private GroupView view(TrackerGroup g, String username) {
        return new GroupView(g.name(), g.owner(), (int) members.countByGroupId(g.id()), access.roleOf(g, username),
                g.createdAt());
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
