package io.swarmshare.tracker.file;

import io.swarmshare.common.api.DownloadPlan;
import io.swarmshare.common.api.FileView;
import io.swarmshare.common.api.RegisterFileRequest;
import io.swarmshare.common.api.RegisterFileResponse;
import io.swarmshare.common.api.SwarmJoinRequest;
import io.swarmshare.tracker.session.Caller;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

@RestController
@RequestMapping("/api/v1/groups/{group}/files")
class FileController {

    private final FileService files;

    FileController(FileService files) {
        this.files = files;
    }

    @GetMapping
    List<FileView> list(Caller caller, @PathVariable String group) {
        return files.list(caller, group);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    RegisterFileResponse register(Caller caller, @PathVariable String group, @RequestBody RegisterFileRequest request) {
        return files.register(caller, group, request);
    }

    @GetMapping("/{name}/download-plan")
    DownloadPlan downloadPlan(Caller caller, @PathVariable String group, @PathVariable String name,
                              @RequestParam String peerId) {
        return files.downloadPlan(caller, group, name, peerId);
    }

    /** Joins the swarm (partial seeder) or updates it (now complete); without a body the peer is complete. */
    @PutMapping("/{name}/peers/{peerId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void joinSwarm(Caller caller, @PathVariable String group, @PathVariable String name, @PathVariable String peerId,
                   @RequestBody(required = false) SwarmJoinRequest request) {
        files.joinSwarm(caller, group, name, peerId, request);
    }

    @DeleteMapping("/{name}/peers/{peerId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void leaveSwarm(Caller caller, @PathVariable String group, @PathVariable String name, @PathVariable String peerId) {
        files.leaveSwarm(caller, group, name, peerId);
    }
}
